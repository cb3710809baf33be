from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from apps.accounts.audit import Actor
from apps.core import starters
from apps.core.http import (
    after_save,
    confirm_delete,
    delete_after_confirmation,
    safe_next_url,
)
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import selectors, services
from .forms import (
    DirectionForm,
    MilestoneFilter,
    MilestoneForm,
    ReflectionForm,
    StatusForm,
    StepEditForm,
    StepForm,
)
from .models import Milestone, MilestoneStatus, Step

# what the page says once a milestone's status is changed, one sentence per status
NOW_STATUS = {
    MilestoneStatus.PLANNED: gettext_lazy("“%(title)s” is now planned."),
    MilestoneStatus.IN_PROGRESS: gettext_lazy("“%(title)s” is now in progress."),
    MilestoneStatus.DONE: gettext_lazy("“%(title)s” is now done."),
    MilestoneStatus.DROPPED: gettext_lazy("“%(title)s” is now dropped."),
}


def _milestone_with_steps(user, pk, *, for_edit=False):
    queryset = Milestone.objects.prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("position", "pk"))
    )
    lookup = get_editable_or_404 if for_edit else get_visible_or_404
    return lookup(user, queryset, pk=pk)


@login_required
@require_GET
def index(request):
    today = timezone.localdate()
    milestone_filter = MilestoneFilter(
        request.GET, queryset=selectors.milestones_for(owner=request.user), today=today
    )  # always bound: the default order is the filter's too
    return render(
        request,
        "milestones/index.html",
        {
            "filter": milestone_filter,
            "milestones": milestone_filter.qs,
            "today": today,
            "status_form": StatusForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """A new milestone serves the North Star's horizon unless asked otherwise; a newcomer who
    chose a starter plan sees its first milestone as an example."""
    north_star = selectors.north_star_years(owner=request.user)
    initial = {"horizon": request.GET.get("horizon") or north_star or 5}
    starter = starters.pick(request)
    if starter and not selectors.milestones_for(owner=request.user).exists():
        initial.update(starter.milestone)
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        milestone = services.milestone_create(owner=request.user, **form.cleaned_data)
        return after_save(
            request,
            default=reverse("milestones:detail", args=[milestone.pk]),
            message=_("Milestone “%(title)s” added.") % {"title": milestone.title},
        )
    return render(request, "milestones/form.html", {"form": form})


@login_required
@require_GET
def detail(request, pk):
    # steps are read by the template, only when its cached fragment has to be rendered again
    milestone = get_visible_or_404(request.user, Milestone.objects.all(), pk=pk)
    can_edit = milestone.owner_id == request.user.pk
    return render(
        request,
        "milestones/detail.html",
        {
            "milestone": milestone,
            "today": timezone.localdate(),
            "step_form": StepForm(),
            "status_form": StatusForm(initial={"status": milestone.status}),
            "reflection_form": ReflectionForm(instance=milestone),
            "can_edit": can_edit,
            "open_steps": selectors.open_steps_question(milestone)
            if can_edit and request.GET.get("close") == "done"
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    milestone = _milestone_with_steps(request.user, pk, for_edit=True)
    has_steps = bool(milestone.steps.all())
    form = MilestoneForm(request.POST or None, instance=milestone, has_steps=has_steps)
    if request.method == "POST" and form.is_valid():
        services.milestone_update(milestone=milestone, **form.cleaned_data)
        messages.success(request, _("Milestone saved."))
        return redirect("milestones:detail", milestone.pk)
    return render(request, "milestones/form.html", {"form": form, "milestone": milestone})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    milestone = get_editable_or_404(request.user, Milestone.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.milestone_delete(milestone=milestone, actor=Actor.of(request)),
        what=_("milestone"),
        name=milestone.title,
        cancel_url=reverse("milestones:detail", args=[milestone.pk]),
        done_url=reverse("milestones:index"),
        detail=_("Its steps go with it."),
    )


@login_required
@require_POST
def set_status(request, pk):
    milestone = get_editable_or_404(
        request.user, selectors.milestones_for(owner=request.user), pk=pk
    )
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the listed statuses."))
    try:
        services.milestone_set_status(milestone=milestone, **form.cleaned_data)
    except ValidationError:  # done with steps still open: its page asks what becomes of them
        question = reverse("milestones:detail", args=[milestone.pk]) + "?close=done#close"
        return HttpResponseClientRedirect(question) if request.htmx else redirect(question)
    ask_reflection = milestone.is_closed and not (milestone.lessons or milestone.impact)
    if request.htmx:
        return _row(request, milestone.pk, ask_reflection=ask_reflection)
    messages.success(request, NOW_STATUS[milestone.status] % {"title": milestone.title})
    if ask_reflection:  # asked right away, on its page
        return redirect(reverse("milestones:detail", args=[milestone.pk]) + "#reflection")
    return redirect(safe_next_url(request, reverse("milestones:detail", args=[milestone.pk])))


def _row(request, pk, *, ask_reflection=False, reflection_form=None):
    milestone = selectors.milestones_for(owner=request.user).get(pk=pk)
    return render(
        request,
        "milestones/_row.html",
        {
            "milestone": milestone,
            "today": timezone.localdate(),
            "status_form": StatusForm(),
            "reflection_form": reflection_form or (ReflectionForm() if ask_reflection else None),
        },
    )


@login_required
@require_POST
def reflect(request, pk):
    """What a done or dropped milestone taught, written where it was closed (its list row or
    its page)."""
    milestone = get_editable_or_404(request.user, Milestone.objects.all(), pk=pk)
    form = ReflectionForm(request.POST, instance=milestone)
    if form.is_valid():
        services.milestone_reflect(milestone=milestone, **form.cleaned_data)
        if request.htmx:
            return _row(request, milestone.pk)
        messages.success(request, _("Saved what you learned."))
        return redirect(safe_next_url(request, reverse("milestones:detail", args=[pk])))
    if request.htmx:
        return _row(request, milestone.pk, reflection_form=form)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("milestones:detail", args=[pk]) + "#reflection")


def _steps_response(request, milestone_pk):
    """The steps block for HTMX, or the milestone page without JavaScript."""
    if request.htmx:
        milestone = _milestone_with_steps(request.user, milestone_pk)
        return render(
            request,
            "milestones/_steps.html",
            {"milestone": milestone, "step_form": StepForm(), "can_edit": True},
        )
    return redirect("milestones:detail", milestone_pk)


@login_required
@require_POST
def step_create(request, pk):
    milestone = get_editable_or_404(request.user, Milestone.objects.all(), pk=pk)
    form = StepForm(request.POST)
    if form.is_valid():
        services.step_create(milestone=milestone, title=form.cleaned_data["title"])
        return _steps_response(request, milestone.pk)
    milestone = _milestone_with_steps(request.user, pk)
    template = "milestones/_steps.html" if request.htmx else "milestones/detail.html"
    context = {
        "milestone": milestone,
        "step_form": form,
        "today": timezone.localdate(),
        "status_form": StatusForm(initial={"status": milestone.status}),
        "reflection_form": ReflectionForm(instance=milestone),
        "can_edit": milestone.owner_id == request.user.pk,
    }
    return render(request, template, context)


@login_required
@require_POST
def step_toggle(request, pk):
    step = get_editable_or_404(request.user, Step.objects.select_related("milestone"), pk=pk)
    services.step_set_done(step=step, done=request.POST.get("done") == "true")
    return _steps_response(request, step.milestone_id)


@login_required
@require_POST
def step_move(request, pk):
    step = get_editable_or_404(request.user, Step.objects.select_related("milestone"), pk=pk)
    form = DirectionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Move a step up or down."))
    services.step_move(step=step, direction=form.cleaned_data["direction"])
    return _steps_response(request, step.milestone_id)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, pk):
    step = get_editable_or_404(request.user, Step.objects.select_related("milestone"), pk=pk)
    form = StepEditForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        services.step_update(step=step, **form.cleaned_data)
        messages.success(request, _("Step saved."))
        return redirect("milestones:detail", step.milestone_id)
    return render(request, "milestones/step_form.html", {"form": form, "step": step})


@login_required
@require_http_methods(["GET", "POST"])
def step_delete(request, pk):
    step = get_editable_or_404(request.user, Step.objects.select_related("milestone"), pk=pk)
    if request.method == "POST":
        services.step_delete(step=step, actor=Actor.of(request))
        return _steps_response(request, step.milestone_id)
    return confirm_delete(
        request,
        what=_("step"),
        name=step.title,
        cancel_url=reverse("milestones:detail", args=[step.milestone_id]),
    )
