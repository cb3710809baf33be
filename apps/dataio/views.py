from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.record import render as documents

from . import linkedin, portability, resume, selectors, services
from .calendar import calendar_for
from .models import CalendarFeed, ImportStatus, ResumePreview, RowChoice


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Your careerbuilder export (.zip)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > portability.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("That file is larger than 10 MB."))
        return upload


@login_required
@require_GET
def index(request):
    return _index(request)


def _index(request, *, status: int = 200, **forms):
    """The data page, with the forms given (posted, with their errors) or empty ones."""
    return render(
        request,
        "dataio/index.html",
        {
            "feed": selectors.calendar_feed_of(user=request.user),
            "import_form": ImportForm(),
            "resume_form": ResumeImportForm(),
            "can_import": portability.account_is_empty(request.user),
            "pdf_available": documents.pdf_available(),
            "record_url": reverse("record:index"),
            **forms,
        },
        status=status,
    )


@login_required
@require_POST
def calendar_regenerate(request):
    had_one = selectors.calendar_feed_of(user=request.user) is not None
    services.calendar_feed_regenerate(user=request.user, actor=Actor.of(request))
    messages.success(
        request,
        _("Your calendar has a new address; the old one no longer works.")
        if had_one
        else _("Your private calendar address is ready: add it to your calendar app."),
    )
    return redirect("dataio:index")


@require_GET
def calendar_feed(request, key):
    feed = CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
    if feed is None:
        raise Http404(_("No such calendar."))
    return HttpResponse(
        calendar_for(feed.user, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )


@login_required
@require_POST
def export(request):
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        services.plan_export(user=request.user, actor=Actor.of(request)),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="careerbuilder-{stamp}.zip"'
    return response


RESUME_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
@require_http_methods(["POST"])
def resume_download(request):
    """The career record as JSON Resume (resume.json), or a résumé made from it (Markdown, DOCX,
    PDF), downloaded: a POST, as it is logged."""
    fmt = request.POST.get("format", "json")
    if fmt not in RESUME_TYPES or (fmt == "pdf" and not documents.pdf_available()):
        return HttpResponse(
            _("Choose JSON, Markdown, DOCX or PDF (a PDF needs pango on the server)."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        services.resume_file(
            user=request.user, actor=Actor.of(request), now=timezone.now(), fmt=fmt
        ),
        content_type=RESUME_TYPES[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="resume-{stamp}.{fmt}"'
    return response


PROBLEMS_SHOWN = 50


def shown_problems(problems: list[str]) -> list[str]:
    """The first problems of a file, and how many more: a page (and a session) stays small."""
    if len(problems) <= PROBLEMS_SHOWN:
        return problems
    more = len(problems) - PROBLEMS_SHOWN
    return [*problems[:PROBLEMS_SHOWN], _("… and %(count)d more.") % {"count": more}]


class ResumeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy(
            "A JSON Resume file, or LinkedIn's data export (its ZIP, or a CSV from it)"
        )
    )


@login_required
@require_http_methods(["POST"])
def resume_import(request):
    """A JSON Resume file, read into a preview of what it would add: nothing is saved yet."""
    form = ResumeImportForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            preview, problems = services.resume_preview_create(
                user=request.user,
                data=upload.read(linkedin.MAX_LINKEDIN_BYTES + 1),
                filename=upload.name,
            )
        except resume.ResumeRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            if preview is not None:
                request.session[f"resume-preview-{preview.pk}"] = shown_problems(problems)
                return redirect("dataio:resume_preview", preview.pk)
            form.add_error("file", _("Nothing in this file can be added."))
    return _index(request, status=400, resume_form=form, resume_problems=shown_problems(problems))


SHOWN_ROWS = 500  # rows chosen one by one; the rest of a long file is chosen by section
ROW_KINDS = {
    "job": gettext_lazy("jobs"),
    "skill": gettext_lazy("skills"),
    "certification": gettext_lazy("certifications"),
    "course": gettext_lazy("courses"),
    "project": gettext_lazy("projects"),
    "milestone": gettext_lazy("milestones"),
    "contact": gettext_lazy("contacts"),
    "headline": gettext_lazy("headline"),
    "summary": gettext_lazy("beyond the paycheck"),
}


def _choices(post, rows: list[dict]) -> list[str]:
    """Each row's choice from the form: its own (`row-3`), else its section's for the rows not
    shown one by one (`rest-contact`), else add or merge."""
    return [
        post.get(f"row-{number}")
        or (number >= SHOWN_ROWS and post.get(f"rest-{row['kind']}"))
        or RowChoice.MERGE
        for number, row in enumerate(rows)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def resume_preview(request, pk):
    """What the file would add, each row matched against the plan and chosen one by one (add or
    merge, replace, skip); accepting imports the chosen rows, all or nothing, once: a long file
    in a worker, this page then showing how far it is and, at the end, what it did."""
    preview = get_object_or_404(ResumePreview, pk=pk, owner=request.user)
    if request.method == "POST":
        try:
            preview = services.resume_preview_accept(
                preview=preview, choices=_choices(request.POST, preview.rows), now=timezone.now()
            )
        except services.PreviewGone:
            messages.error(
                request,
                _("This preview was accepted already or has expired: upload the file again."),
            )
            return redirect("dataio:resume_preview", preview.pk)
        if preview.status == ImportStatus.DONE:
            messages.success(request, _("Your résumé is in your plan."))
        return redirect("dataio:resume_preview", preview.pk)
    if preview.accepted_at is not None:
        return render(request, "dataio/resume_import_progress.html", {"preview": preview})
    rows = list(enumerate(preview.rows))
    return render(
        request,
        "dataio/resume_preview.html",
        {
            "preview": preview,
            "rows": rows[:SHOWN_ROWS],
            "rest": _rest(preview.rows[SHOWN_ROWS:]),
            "problems": request.session.get(f"resume-preview-{preview.pk}", []),
            "expired": services.resume_preview_expired(preview=preview, now=timezone.now()),
        },
    )


def _rest(rows: list[dict]) -> list[tuple[str, str, int]]:
    """The sections of the rows not shown one by one: kind, its name, how many rows."""
    counts = Counter(row["kind"] for row in rows)
    return [(kind, ROW_KINDS.get(kind, kind), count) for kind, count in counts.items()]


@login_required
@require_GET
def resume_import_progress(request, pk):
    """How far the import of an accepted preview is: the fragment the progress page polls."""
    preview = get_object_or_404(ResumePreview, pk=pk, owner=request.user, accepted_at__isnull=False)
    return render(request, "dataio/_resume_import_progress.html", {"preview": preview})


@login_required
@require_http_methods(["POST"])
def import_plan(request):
    form = ImportForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        try:
            counts = portability.import_zip(request.user, form.cleaned_data["file"].read())
        except portability.ImportRefused as refusal:
            form.add_error("file", str(refusal))
            problems = refusal.problems
        else:
            return render(request, "dataio/import_report.html", {"counts": counts})
    return _index(request, status=400, import_form=form, import_problems=problems)
