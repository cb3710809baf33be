from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor

from . import portability, selectors, services
from .calendar import calendar_for
from .models import CalendarFeed


class ImportForm(forms.Form):
    file = forms.FileField(label="Your careerbuilder export (.zip)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > portability.MAX_IMPORT_BYTES:
            raise forms.ValidationError("That file is larger than 10 MB.")
        return upload


@login_required
@require_GET
def index(request):
    return render(
        request,
        "dataio/index.html",
        {
            "feed": selectors.calendar_feed_of(user=request.user),
            "import_form": ImportForm(),
            "can_import": portability.account_is_empty(request.user),
        },
    )


@login_required
@require_POST
def calendar_regenerate(request):
    had_one = selectors.calendar_feed_of(user=request.user) is not None
    services.calendar_feed_regenerate(user=request.user, actor=Actor.of(request))
    messages.success(
        request,
        "Your calendar has a new address; the old one no longer works."
        if had_one
        else "Your private calendar address is ready: add it to your calendar app.",
    )
    return redirect("dataio:index")


@require_GET
def calendar_feed(request, key):
    feed = CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
    if feed is None:
        raise Http404("No such calendar.")
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


@login_required
@require_http_methods(["POST"])
def resume(request):
    """The career record as JSON Resume (resume.json), downloaded: a POST, as it is logged."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        services.resume_export(user=request.user, actor=Actor.of(request), now=timezone.now()),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="resume-{stamp}.json"'
    return response


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
    return render(
        request,
        "dataio/index.html",
        {
            "feed": selectors.calendar_feed_of(user=request.user),
            "import_form": form,
            "import_problems": problems,
            "can_import": portability.account_is_empty(request.user),
        },
        status=400,
    )
