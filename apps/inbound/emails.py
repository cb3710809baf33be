"""The one email careerbuilder sends back to mail it received: what a check-in reply said."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.checkins.models import CheckIn
from apps.core.i18n import speaking
from apps.core.mail import BulkEmail
from apps.reminders.links import make_checkin_link

from .parsing import NOTES_LABEL, SCORES, TEXTS


def checkin_confirmation(*, user, to: str, period: str, checkin: CheckIn | None, problems):
    """Saved (what was understood, and a link to fix it) or not saved (why, and the link to
    answer on the site), in the user's language, its questions named with the reply grammar's
    words of that language (which the parser reads). The subject is fixed: nothing the sender
    wrote goes into a header."""
    with speaking(user):
        understood = []
        if checkin is not None:
            understood = [
                (str(label), _("%(score)s of 5") % {"score": getattr(checkin, name)})
                for name, label in SCORES.items()
            ] + [
                (str(label), getattr(checkin, name))
                for name, label in TEXTS.items()
                if getattr(checkin, name)
            ]
            if checkin.previous_step and checkin.previous_step_outcome:
                understood.append(
                    (
                        pgettext("reply grammar", "Last step"),
                        str(checkin.get_previous_step_outcome_display()),
                    )
                )
            if checkin.notes:
                understood.append((str(NOTES_LABEL), checkin.notes))
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
            # the example answers, in the words the parser reads
            "example_north_star": pgettext("reply grammar", "North Star: 4"),
            "example_career": pgettext("reply grammar", "Career: 3"),
        }
        subject = (
            _("Your check-in is saved") if checkin is not None else _("Your check-in was not saved")
        )
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
