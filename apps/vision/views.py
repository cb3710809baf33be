from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core import starters
from apps.core.areas import vision_sections
from apps.core.http import after_save, delete_after_confirmation
from apps.core.i18n import local_date
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import selectors, services
from .forms import JobForm, LedgerEntryForm, ValueForm, VisionEditForm
from .models import Horizon, Job, LedgerEntry, Value


@login_required
@require_GET
def index(request):
    owner = request.user
    current_job = selectors.current_job_for(owner=owner)
    sections, section_context = vision_sections(owner=owner)  # the areas' parts of the page
    return render(
        request,
        "vision/index.html",
        {
            **section_context,
            "area_sections": sections,
            "vision": selectors.vision_for(owner=owner),
            "horizons": selectors.horizons_for(owner=owner),
            "values": selectors.values_for(owner=owner),
            "current_job": current_job,
            "trajectory": selectors.job_trajectory(current_job) if current_job else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    owner = request.user
    starter = starters.pick(request)
    form = VisionEditForm(
        request.POST or None,
        vision=selectors.vision_for(owner=owner),
        horizons=selectors.horizons_for(owner=owner),
        starter=starter,
    )
    if request.method == "POST" and form.is_valid():
        services.vision_update(owner=owner, **form.cleaned_data)
        return after_save(request, default=reverse("vision:index"), message=_("Vision saved."))
    return render(
        request,
        "vision/edit.html",
        {
            "form": form,
            "show_starters": not form.saved,
            "starters": starters.STARTERS.values(),
            "starter_chosen": starter,
            "example": (
                starter.horizons[5]["statement"] if starter else starters.EXAMPLE_FIVE_YEARS
            ),
        },
    )


@login_required
@require_GET
def history(request):
    return render(
        request, "vision/history.html", {"history": selectors.vision_history(owner=request.user)}
    )


SUGGESTED_UNTIL = 3  # values of one's own, after which a starter's values are no longer offered


@login_required
@require_http_methods(["GET", "POST"])
def values(request):
    owner_values = selectors.values_for(owner=request.user)
    starter = starters.pick(request)
    taken = {value.name.lower() for value in owner_values}
    # the starter's next value is offered as one button and shown as the placeholder; the
    # input stays empty for the person's own, and the offer ends once they have three
    suggestion = next(
        (v for v in (starter.values if starter else []) if v[0].lower() not in taken), None
    )
    if len(taken) >= SUGGESTED_UNTIL:
        suggestion = None
    form = ValueForm(request.POST or None, example=suggestion)
    if request.method == "POST" and form.is_valid():
        services.value_create(owner=request.user, **form.cleaned_data)
        messages.success(
            request, _("Added “%(name)s” to your values.") % {"name": form.cleaned_data["name"]}
        )
        return redirect(request.get_full_path())  # the list again, for the next value
    return render(
        request,
        "vision/values.html",
        {"form": form, "values": owner_values, "suggestion": suggestion},
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request, pk):
    value = get_editable_or_404(request.user, Value.objects.all(), pk=pk)
    form = ValueForm(request.POST or None, instance=value)
    if request.method == "POST" and form.is_valid():
        services.value_update(value=value, **form.cleaned_data)
        messages.success(request, _("Value saved."))
        return redirect("vision:values")
    return render(request, "vision/value_form.html", {"form": form, "value": value})


@login_required
@require_http_methods(["GET", "POST"])
def value_delete(request, pk):
    value = get_editable_or_404(request.user, Value.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.value_delete(value=value, actor=Actor.of(request)),
        what=_("value"),
        name=value.name,
        cancel_url=reverse("vision:values"),
        done_url=reverse("vision:values"),
    )


@login_required
@require_POST
def value_move(request, pk):
    value = get_editable_or_404(request.user, Value.objects.all(), pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.value_move(value=value, direction=direction)
    if request.htmx:
        return render(
            request,
            "vision/_values_list.html",
            {"values": selectors.values_for(owner=request.user)},
        )
    return redirect("vision:values")


@login_required
@require_GET
def jobs(request):
    job_list = list(selectors.jobs_for(owner=request.user))
    return render(
        request,
        "vision/jobs.html",
        {"jobs": [(job, selectors.job_trajectory(job)) for job in job_list]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request):
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.job_create(owner=request.user, **form.cleaned_data)
        return after_save(
            request,
            default=reverse("vision:ledger_create", args=[job.pk]),
            message=_("Added %(job)s. Now write what it gives you toward your vision.")
            % {"job": job},
        )
    return render(request, "vision/job_form.html", {"form": form})


@login_required
@require_GET
def job_detail(request, pk):
    job = get_visible_or_404(request.user, selectors.jobs_with_ledger(), pk=pk)
    return render(
        request,
        "vision/job_detail.html",
        {
            "job": job,
            "trajectory": selectors.job_trajectory(job),
            "can_edit": job.owner_id == request.user.pk,
        },
    )


@login_required
@require_GET
def horizon_detail(request, pk):
    horizon = get_visible_or_404(request.user, Horizon.objects.select_related("owner"), pk=pk)
    return render(
        request,
        "vision/horizon_detail.html",
        {"horizon": horizon, "can_edit": horizon.owner_id == request.user.pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request, pk):
    job = get_editable_or_404(request.user, Job.objects.all(), pk=pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        services.job_update(job=job, **form.cleaned_data)
        messages.success(request, _("Job saved."))
        return redirect("vision:job_detail", job.pk)
    return render(request, "vision/job_form.html", {"form": form, "job": job})


@login_required
@require_http_methods(["GET", "POST"])
def job_delete(request, pk):
    job = get_editable_or_404(request.user, Job.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.job_delete(job=job, actor=Actor.of(request)),
        what=_("job"),
        name=str(job),
        cancel_url=reverse("vision:job_detail", args=[job.pk]),
        done_url=reverse("vision:jobs"),
        detail=_("Its ledger goes with it."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_create(request, pk):
    job = get_editable_or_404(request.user, Job.objects.all(), pk=pk)
    form = LedgerEntryForm(
        request.POST or None,
        initial={"recorded_on": timezone.localdate()},
        horizons=selectors.horizons_for(owner=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.ledger_entry_create(job=job, **form.cleaned_data)
        return after_save(
            request,
            default=reverse("vision:job_detail", args=[job.pk]),
            message=_("Ledger entry saved."),
        )
    return render(request, "vision/ledger_form.html", {"form": form, "job": job})


@login_required
@require_http_methods(["GET", "POST"])
def ledger_edit(request, pk):
    entry = get_editable_or_404(request.user, LedgerEntry.objects.select_related("job"), pk=pk)
    form = LedgerEntryForm(
        request.POST or None, instance=entry, horizons=selectors.horizons_for(owner=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.ledger_entry_update(entry=entry, **form.cleaned_data)
        messages.success(request, _("Ledger entry saved."))
        return redirect("vision:job_detail", entry.job_id)
    return render(
        request, "vision/ledger_form.html", {"form": form, "job": entry.job, "entry": entry}
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_delete(request, pk):
    entry = get_editable_or_404(request.user, LedgerEntry.objects.select_related("job"), pk=pk)
    job_url = reverse("vision:job_detail", args=[entry.job_id])
    return delete_after_confirmation(
        request,
        delete=lambda: services.ledger_entry_delete(entry=entry, actor=Actor.of(request)),
        what=_("ledger entry"),
        name=_("%(job)s as of %(date)s")
        % {"job": entry.job, "date": local_date(entry.recorded_on, "d F Y")},
        cancel_url=job_url,
        done_url=job_url,
    )
