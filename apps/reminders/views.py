import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.checkins.forms import CheckInDetailsForm, QuickCheckInForm, RhythmForm
from apps.checkins.selectors import checkins_for, rhythm_for, since_last_checkin, trend
from apps.core.i18n import speaking

from . import selectors, services
from .forms import PreferenceForm
from .kinds import KINDS
from .links import read_checkin_link, read_link
from .selectors import preference_for
from .sources.checkin import not_started


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The check-in rhythm (the check-ins' own setting) and the reminder preferences, saved
    together from one page."""
    rhythm_form = RhythmForm(request.POST or None, instance=rhythm_for(user=request.user))
    form = PreferenceForm(request.POST or None, instance=preference_for(user=request.user))
    # a mentor with no plan: his check-ins start when he writes a horizon, or asks here
    waiting_to_start = bool(not_started([request.user.pk]))
    if request.method == "POST" and request.POST.get("start_checkins") and waiting_to_start:
        rhythm = rhythm_for(user=request.user)
        services.reminder_settings_update(
            user=request.user,
            rhythm={name: getattr(rhythm, name) for name in RhythmForm.Meta.fields},
            preferences=None,
        )
        messages.success(request, gettext("Your check-in reminders have started."))
        return redirect("reminders:preferences")
    if request.method == "POST" and rhythm_form.is_valid() & form.is_valid():
        services.reminder_settings_update(
            user=request.user,
            rhythm=rhythm_form.cleaned_data if rhythm_form.has_changed() else None,
            preferences=form.cleaned_data if form.has_changed() else None,
        )
        messages.success(request, gettext("Reminder settings saved."))
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {
            "rhythm_form": rhythm_form,
            "form": form,
            "kinds": KINDS.values(),
            "checkins_not_started": waiting_to_start,
        },
    )


def _link_user(request, token, action):
    try:
        payload = read_link(token, action=action)
    except signing.BadSignature:
        return None, None
    user = get_object_or_404(User, pk=payload["u"], is_active=True)
    return payload, user


def _their_language(request, user):
    """A link from an email opens in the language the email spoke, unless someone is signed in
    (then their own language stands)."""
    if user is not None and user.language and not request.user.is_authenticated:
        return speaking(user)
    return contextlib.nullcontext()


def _refused(request):
    return render(
        request,
        "reminders/link.html",
        {
            "problem": gettext(
                "This link is not valid or has expired. Open your reminder settings instead."
            )
        },
        status=400,
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST here without a session or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    payload, user = _link_user(request, token, "unsubscribe")
    if payload is None:
        return _refused(request)
    kinds = [KINDS[kind] for kind in payload["k"] if kind in KINDS]
    labels = [kind.label for kind in kinds]
    with _their_language(request, user):
        if request.method == "POST":
            services.reminders_turn_off(user=user, kinds=kinds)
            return render(request, "reminders/link.html", {"done": True, "labels": labels})
        return render(request, "reminders/link.html", {"action": "unsubscribe", "labels": labels})


@csrf_exempt  # a signed link from an email, used without a session
@require_http_methods(["GET", "POST"])
def snooze(request, token):
    payload, user = _link_user(request, token, "snooze")
    if payload is None:
        return _refused(request)
    with _their_language(request, user):
        if request.method == "POST":
            until = services.reminders_snooze(user=user)
            return render(request, "reminders/link.html", {"snoozed": True, "until": until})
        return render(request, "reminders/link.html", {"action": "snooze"})


@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request, token):
    """A check-in answered from its reminder email, without logging in: the link (signed for the
    user and the period) opens with the first answer chosen (`?score=N`), and only the page's
    buttons save (mail scanners open links). Once answered, the same link shows the two scores
    and changes them; the rest (what was learned, the next step, notes) shows and changes only
    for the owner signed in, since a link can be forwarded. The period's end, by the user's
    rhythm, ends the link."""
    try:
        payload = read_checkin_link(token)
    except signing.BadSignature:
        return _checkin_refused(request, gettext("This check-in link is not valid or has expired."))
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    with _their_language(request, user):
        return _checkin(request, user, payload.get("p"))


def _checkin(request, user, period):
    reminder = selectors.checkin_reminder(user=user, period=period) if user else None
    now = timezone.now()
    if reminder is None or selectors.checkin_period_now(user=user, now=now) != period:
        return _checkin_refused(request, gettext("The period of this check-in has ended."))
    saved = reminder.checkin
    own = request.user.is_authenticated and request.user.pk == user.pk
    details = own and saved is not None and request.POST.get("step") == "details"
    if request.method == "POST":
        form = (CheckInDetailsForm if details else QuickCheckInForm)(request.POST, instance=saved)
        if form.is_valid():
            services.reminders_checkin_answer(user=user, period=period, **form.cleaned_data)
            done = gettext("Check-in saved.") if saved is None else gettext("Check-in updated.")
            messages.success(request, done)
            return redirect(request.path)
    elif saved is None:
        score = request.GET.get("score", "")
        initial = {"north_star_progress": int(score)} if score in {"1", "2", "3", "4", "5"} else {}
        form = QuickCheckInForm(initial=initial)
    else:
        form = (CheckInDetailsForm if own else QuickCheckInForm)(instance=saved)
    return render(
        request,
        "reminders/checkin.html",
        {
            "form": form,
            "saved": saved,
            "person": user,
            "own": own,
            # what the plan holds shows only to its owner signed in, not to whoever has the link
            "since": since_last_checkin(owner=user, now=now) if own and saved is None else [],
            "trend": trend(checkins=list(checkins_for(owner=user))) if own and saved else None,
        },
    )


def _checkin_refused(request, problem: str):
    return render(request, "reminders/checkin.html", {"problem": problem}, status=400)
