"""Every email careerbuilder sends about reminders: one function per kind of email."""

import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from apps.core.mail import BulkEmail

from .links import make_link, site_path
from .models import Delivery, ReminderKind


def reminder_digest(
    delivery: Delivery, *, reminders: list[dict], north_star: str | None
) -> BulkEmail:
    """One email with everything due for one user: `reminders` are the delivery's rows (kind,
    subject, url) by kind, `north_star` their North Star's statement, if they have one. Built the
    same on every retry."""
    user = delivery.user
    kinds = sorted({r["kind"] for r in reminders})
    sections = [
        {
            "kind": kind,
            "label": ReminderKind(kind).label,
            "reminders": [r for r in reminders if r["kind"] == kind],
            "unsubscribe": make_link(user=user, action="unsubscribe", kinds=[kind]),
        }
        for kind in kinds
    ]
    first = reminders[0] if reminders else None
    call_to_action = settings.SITE_URL + (
        first["url"] if first and first["url"] else site_path("dashboard")
    )
    unsubscribe_all_here = (
        sections[0]["unsubscribe"]
        if len(sections) == 1
        else make_link(user=user, action="unsubscribe", kinds=kinds)
    )
    context = {
        "user": user,
        "north_star": north_star,
        "sections": sections,
        "call_to_action": call_to_action,
        "call_to_action_label": "Check in now"
        if ReminderKind.CHECKIN in kinds
        else "Open your plan",
        "snooze": make_link(user=user, action="snooze"),
        "preferences": settings.SITE_URL + site_path("reminders:preferences"),
        "sent_on": timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone)),
    }
    count = len(reminders)
    subject = (
        sections[0]["reminders"][0]["subject"] if count == 1 else f"{count} things for your career"
    )
    return BulkEmail(
        subject=f"[careerbuilder] {subject}",
        text=render_to_string("emails/reminders/digest.txt", context, using="jinja2"),
        html=render_to_string("emails/reminders/digest.html", context, using="jinja2"),
        to=[user.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe_all_here}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Careerbuilder-Delivery": str(delivery.pk),
        },
    )
