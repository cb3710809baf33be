from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.checkins.forms import RhythmForm
from apps.checkins.selectors import rhythm_for

from . import services
from .forms import PreferenceForm
from .kinds import KINDS
from .links import read_link
from .selectors import preference_for


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The check-in rhythm (the check-ins' own setting) and the reminder preferences, saved
    together from one page."""
    rhythm_form = RhythmForm(request.POST or None, instance=rhythm_for(user=request.user))
    form = PreferenceForm(request.POST or None, instance=preference_for(user=request.user))
    if request.method == "POST" and rhythm_form.is_valid() & form.is_valid():
        for changed in (f for f in (rhythm_form, form) if f.has_changed()):
            changed.save()  # the defaults kept as they are need no row
        messages.success(request, "Reminder settings saved.")
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"rhythm_form": rhythm_form, "form": form, "kinds": KINDS.values()},
    )


def _link_user(request, token, action):
    try:
        payload = read_link(token, action=action)
    except signing.BadSignature:
        return None, None
    user = get_object_or_404(User, pk=payload["u"], is_active=True)
    return payload, user


def _refused(request):
    return render(
        request,
        "reminders/link.html",
        {"problem": "This link is not valid or has expired. Open your reminder settings instead."},
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
    if request.method == "POST":
        until = services.reminders_snooze(user=user)
        return render(request, "reminders/link.html", {"snoozed": True, "until": until})
    return render(request, "reminders/link.html", {"action": "snooze"})
