"""Every email careerbuilder sends about reminders: one function per kind of email."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .links import make_link
from .models import Delivery, ReminderKind


def reminder_digest(delivery: Delivery, *, north_star) -> EmailMultiAlternatives:
    """One email with everything due for one user (and their North Star horizon, or None),
    built the same on every retry."""
    user = delivery.user
    reminders = sorted(delivery.reminders.all(), key=lambda r: (r.kind, r.pk))
    kinds = sorted({r.kind for r in reminders})
    labels = dict(ReminderKind.choices)
    sections = [
        {
            "kind": kind,
            "label": labels[kind],
            "items": [r for r in reminders if r.kind == kind],
            "unsubscribe": make_link(user=user, action="unsubscribe", kinds=[kind]),
        }
        for kind in kinds
    ]
    first = reminders[0] if reminders else None
    call_to_action = settings.SITE_URL + (
        first.url if first and first.url else reverse("dashboard")
    )
    unsubscribe_all_here = make_link(user=user, action="unsubscribe", kinds=kinds)
    context = {
        "user": user,
        "north_star": north_star,
        "sections": sections,
        "call_to_action": call_to_action,
        "call_to_action_label": "Check in now"
        if ReminderKind.CHECKIN in kinds
        else "Open your plan",
        "snooze": make_link(user=user, action="snooze"),
        "preferences": settings.SITE_URL + reverse("reminders:preferences"),
        "sent_on": timezone.localtime(timezone.now(), timezone=zoneinfo.ZoneInfo(user.time_zone)),
    }
    count = len(reminders)
    subject = (
        f"{sections[0]['items'][0].subject}" if count == 1 else f"{count} things for your career"
    )
    message = EmailMultiAlternatives(
        subject=f"[careerbuilder] {subject}",
        body=render_to_string("emails/reminders/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe_all_here}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Careerbuilder-Delivery": str(delivery.pk),
        },
    )
    message.attach_alternative(
        render_to_string("emails/reminders/digest.html", context), "text/html"
    )
    return message
