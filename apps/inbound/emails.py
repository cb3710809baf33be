"""The one email careerbuilder sends back to mail it received: what a check-in reply said."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from apps.checkins.models import CheckIn
from apps.core.mail import BulkEmail
from apps.reminders.links import make_checkin_link

from .parsing import SCORES, TEXTS


def checkin_confirmation(*, user, to: str, period: str, checkin: CheckIn | None, problems):
    """Saved (what was understood, and a link to fix it) or not saved (why, and the link to
    answer on the site). The subject is fixed: nothing the sender wrote goes into a header."""
    understood = []
    if checkin is not None:
        understood = [
            (label, f"{getattr(checkin, name)} of 5") for name, label in SCORES.items()
        ] + [
            (label, getattr(checkin, name))
            for name, label in TEXTS.items()
            if getattr(checkin, name)
        ]
        if checkin.previous_step and checkin.previous_step_outcome:
            understood.append(("Last step", checkin.get_previous_step_outcome_display()))
        if checkin.notes:
            understood.append(("Notes", checkin.notes))
    context = {
        "user": user,
        "saved": checkin is not None,
        "understood": understood,
        "problems": problems,
        # a period that has ended has no link of its own: the site's check-in page
        "link": make_checkin_link(user=user, period=period)
        if period
        else settings.SITE_URL + reverse("checkins:create"),
        "can_reply": bool(period),
        "site": settings.SITE_URL,
    }
    subject = "Your check-in is saved" if checkin is not None else "Your check-in was not saved"
    return BulkEmail(
        subject=f"[careerbuilder] {subject}",
        text=render_to_string("emails/inbound/confirmation.txt", context, using="jinja2"),
        html=render_to_string("emails/inbound/confirmation.html", context, using="jinja2"),
        to=[to],
        headers={
            # an answer to mail: an out-of-office reply to it must not come back
            "Auto-Submitted": "auto-replied",
            "X-Auto-Response-Suppress": "All",
        },
    )
