import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.http import delete_after_confirmation
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import render as documents
from . import selectors, services
from .forms import NewDocumentForm, ShareForm
from .models import MAX_LINES, BragDocument, BragVersion

FORMATS = {
    "md": ("text/markdown; charset=utf-8", documents.as_markdown),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        documents.as_docx,
    ),
    "pdf": ("application/pdf", documents.as_pdf),
}


def _by(request) -> str:
    return "value" if request.GET.get("by") == "value" else "horizon"


@login_required
@require_GET
def index(request):
    documents_read = selectors.documents_of(user=request.user)
    return render(
        request,
        "record/index.html",
        {
            "own": [d for d in documents_read if d.owner_id == request.user.pk],
            "shared": [d for d in documents_read if d.owner_id != request.user.pk],
            "pdf_available": documents.pdf_available(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Choose a period and a purpose (a GET only shows the form, filled from the address, as
    the year-in-review email links to it); posting gathers the evidence as version 1."""
    if request.method != "POST":
        initial = {
            key: request.GET[key][:20]
            for key in ("purpose", "period", "start", "end")
            if key in request.GET
        }
        return render(request, "record/create.html", {"form": NewDocumentForm(initial=initial)})
    form = NewDocumentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.brag_document_create(
                owner=request.user,
                purpose=data["purpose"],
                start=data["start"],
                end=data["end"],
                title=data["title"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            return redirect(document)
    return render(request, "record/create.html", {"form": form}, status=400)


def _number(text: str) -> int | None:
    """A number typed in a form or an address: ASCII digits only (int() takes "²" for 2)."""
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None


def _version(user, document: BragDocument, number: int | None = None) -> BragVersion:
    """The version asked for (the last one when none is), or 404. A mentor reads only the last:
    what the owner reworded or left out since stays hers."""
    latest = selectors.latest_version(document)
    if latest is None:
        raise Http404(_("This document has no version."))
    if number is None or number == latest.number:
        return latest
    version = document.versions.filter(number=number).first()
    if version is None or document.owner_id != user.pk:
        raise Http404(_("No such version."))
    return version


@login_required
@require_GET
def detail(request, pk):
    document = get_visible_or_404(request.user, BragDocument.objects.all(), pk=pk)
    version = _version(request.user, document, _number(request.GET.get("version", "")))
    is_owner = document.owner_id == request.user.pk
    return render(
        request,
        "record/detail.html",
        {
            "document": document,
            "version": version,
            "versions": document.versions.only("number", "saved_at", "document_id"),
            "groups": selectors.grouped(version, by=_by(request)),
            "by": _by(request),
            "is_owner": is_owner,
            "share_form": ShareForm(
                mentorships=selectors.active_mentorships(owner=document.owner),
                initial={"mentors": document.shared_with.all()},
            )
            if is_owner
            else None,
            "pdf_available": documents.pdf_available(),
        },
    )


@login_required
@require_GET
def download(request, pk, number, fmt):
    """A version as Markdown, DOCX or PDF (reading only: a GET)."""
    document = get_visible_or_404(request.user, BragDocument.objects.all(), pk=pk)
    version = _version(request.user, document, number)
    if fmt not in FORMATS or (fmt == "pdf" and not documents.pdf_available()):
        raise Http404(_("No such document."))
    content_type, write = FORMATS[fmt]
    response = HttpResponse(
        write(selectors.printable(version, by=_by(request))), content_type=content_type
    )
    name = slugify(document.title)[:60] or "brag-document"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{number}.{fmt}"'
    return response


@login_required
@require_GET
def printable(request, pk, number):
    """A version laid out for the browser's print (its PDF where WeasyPrint cannot make one)."""
    document = get_visible_or_404(request.user, BragDocument.objects.all(), pk=pk)
    version = _version(request.user, document, number)
    return HttpResponse(documents.as_html(selectors.printable(version, by=_by(request))))


def _posted_lines(request, count: int) -> list[dict]:
    """The lines of the edit form, in the order their positions give (ties: as shown)."""
    lines = []
    for number in range(min(count, MAX_LINES)):
        key = request.POST.get(f"key-{number}")
        if key is None:
            continue
        rank = _number(request.POST.get(f"position-{number}", ""))
        rank = number + 1 if rank is None else rank
        lines.append(
            (
                rank,
                number,
                {
                    "key": key,
                    "text": request.POST.get(f"text-{number}", ""),
                    "included": request.POST.get(f"included-{number}") == "on",
                },
            )
        )
    return [line for _rank, _number, line in sorted(lines, key=lambda row: row[:2])]


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Reorder, edit or leave out lines; saving keeps the result as a new dated version."""
    document = get_editable_or_404(request.user, BragDocument.objects.all(), pk=pk)
    version = _version(request.user, document)
    error = None
    if request.method == "POST":
        try:
            saved = services.brag_version_save(
                document=document, lines=_posted_lines(request, len(version.lines))
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            if saved == version:
                messages.info(
                    request,
                    _("Nothing changed: this is still version %(number)d.")
                    % {"number": saved.number},
                )
            else:
                messages.success(
                    request, _("Saved as version %(number)d.") % {"number": saved.number}
                )
            return redirect(document)
    return render(
        request,
        "record/edit.html",
        {"document": document, "version": version, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def gather(request, pk):
    document = get_editable_or_404(request.user, BragDocument.objects.all(), pk=pk)
    _version(request.user, document)
    try:
        version, count = services.brag_document_gather(document=document)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(document)
    if count:
        messages.success(
            request,
            ngettext(
                "Version %(number)d adds %(count)d new line.",
                "Version %(number)d adds %(count)d new lines.",
                count,
            )
            % {"number": version.number, "count": count},
        )
    else:
        messages.info(request, _("Nothing new in the period since the last version."))
    return redirect(document)


@login_required
@require_POST
def share(request, pk):
    document = get_editable_or_404(request.user, BragDocument.objects.all(), pk=pk)
    form = ShareForm(request.POST, mentorships=selectors.active_mentorships(owner=document.owner))
    if form.is_valid():
        services.brag_document_share(document=document, mentorships=form.cleaned_data["mentors"])
        messages.success(request, _("Sharing saved."))
    else:
        messages.error(request, _("Choose among your mentors."))
    return redirect(document)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    document = get_editable_or_404(request.user, BragDocument.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.brag_document_delete(document=document, actor=Actor.of(request)),
        what=_("brag document"),
        name=document.title,
        cancel_url=document.get_absolute_url(),
        done_url=reverse("record:index"),
    )
