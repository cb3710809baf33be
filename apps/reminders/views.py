import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User

from .forms import PreferenceForm
from .links import read_link
from .models import ReminderKind
from .selectors import preference_for


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=preference_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        if form.has_changed():  # the defaults kept as they are need no row
            form.save()
        messages.success(request, "Reminder settings saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


def _link_user(request, token, action):
    try:
        payload = read_link(token, action=action)
    except signing.BadSignature:
        return None, None
    user = get_object_or_404(User, pk=payload["u"], is_active=True)
    return payload, preference_for(user=user)


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
    payload, preference = _link_user(request, token, "unsubscribe")
    if payload is None:
        return _refused(request)
    labels = [ReminderKind(kind).label for kind in payload["k"] if kind in ReminderKind.values]
    if request.method == "POST":
        for kind in payload["k"]:
            if kind in ReminderKind.values:
                preference.turn_off(kind)
        preference.save()
        return render(request, "reminders/link.html", {"done": True, "labels": labels})
    return render(request, "reminders/link.html", {"action": "unsubscribe", "labels": labels})


@csrf_exempt  # a signed link from an email, used without a session
@require_http_methods(["GET", "POST"])
def snooze(request, token):
    payload, preference = _link_user(request, token, "snooze")
    if payload is None:
        return _refused(request)
    if request.method == "POST":
        preference.snoozed_until = timezone.now() + datetime.timedelta(days=7)
        preference.save()
        return render(
            request, "reminders/link.html", {"snoozed": True, "until": preference.snoozed_until}
        )
    return render(request, "reminders/link.html", {"action": "snooze"})
