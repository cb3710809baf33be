from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.http import delete_after_confirmation, submitted_once
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import selectors, services
from .forms import CheckInForm
from .models import CheckIn


@login_required
@require_GET
def index(request):
    owner = request.user
    checkins = list(selectors.checkins_for(owner=owner))
    cadence = selectors.rhythm_for(user=owner).checkin_cadence
    return render(
        request,
        "checkins/index.html",
        {
            "checkins": checkins,
            "trend": selectors.trend(checkins=checkins),
            "streak": selectors.streak(owner=owner, cadence=cadence, today=timezone.localdate()),
            "cadence": cadence,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once(done="checkins:index")
def create(request):
    form = CheckInForm(
        request.POST or None,
        commitment=selectors.last_commitment(owner=request.user),
        milestones=selectors.open_milestones(owner=request.user),
    )
    if request.method == "POST" and form.is_valid():
        goes_to = form.cleaned_data.pop("next_step_goes_to")
        checkin = services.checkin_create(owner=request.user, **form.cleaned_data)
        if goes_to:
            services.checkin_next_step_to_milestone(
                checkin=checkin, milestone=form.milestones.get(goes_to)
            )
        messages.success(request, _("Check-in saved. See you next time."))
        return redirect("checkins:index")
    since = selectors.since_last_checkin(owner=request.user, now=timezone.now())
    return render(request, "checkins/form.html", {"form": form, "since": since})


@login_required
@require_GET
def detail(request, pk):
    checkin = get_visible_or_404(request.user, CheckIn.objects.select_related("owner"), pk=pk)
    return render(
        request,
        "checkins/detail.html",
        {"checkin": checkin, "can_edit": checkin.owner_id == request.user.pk},
    )


@login_required
@require_POST
def make_milestone(request, pk):
    checkin = get_editable_or_404(request.user, CheckIn.objects.all(), pk=pk)
    milestone = services.checkin_next_step_to_milestone(checkin=checkin)
    if milestone is None:
        messages.error(request, _("This check-in has no next step to turn into a milestone."))
        return redirect("checkins:detail", checkin.pk)
    messages.success(request, _("“%(title)s” is now a milestone.") % {"title": milestone.title})
    return redirect(milestone.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    checkin = get_editable_or_404(request.user, CheckIn.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.checkin_delete(checkin=checkin, actor=Actor.of(request)),
        what=_("check-in"),
        name=str(checkin),
        cancel_url=reverse("checkins:detail", args=[checkin.pk]),
        done_url=reverse("checkins:index"),
    )
