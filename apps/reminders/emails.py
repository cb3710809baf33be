"""Every email careerbuilder sends about reminders: one function per kind of email. Each is
written in its recipient's language (`speaking(user)`): a batch mixes languages."""

import weakref
import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, trans_real
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date, speaking
from apps.core.mail import BulkEmail

from .kinds import KINDS, by_importance
from .links import make_checkin_link, make_checkin_reply_address, make_link, site_path
from .models import Delivery
from .sources.checkin import CHECKIN

# The first question of a check-in, answered by one tap in the email.
SCORES = [
    (1, _("not at all")),
    (2, _("a little")),
    (3, _("some")),
    (4, _("a good step")),
    (5, _("a big step")),
]


def reminder_digest(
    delivery: Delivery,
    *,
    reminders: list[dict],
    north_star: str | None,
    commitment: str = "",
    since=(),
    mentee_checkins=(),
) -> BulkEmail:
    """One email with everything due for one user: `reminders` are the delivery's rows (kind,
    period, subject, url) by kind, `north_star` their North Star's statement, if they have one,
    `commitment` the next step their last check-in committed to. Built the same on every retry,
    in the user's language."""
    user = delivery.user
    with speaking(user):
        return _digest(delivery, reminders, north_star, commitment, since, mentee_checkins)


def _digest(delivery, reminders, north_star, commitment, since, mentee_checkins) -> BulkEmail:
    user = delivery.user
    say = _translator()
    kinds = by_importance(r["kind"] for r in reminders)  # the most important first
    sections = _sections(user, reminders, kinds, say)
    first = sections[0]["reminders"][0] if sections else None
    # the check-in, when the email carries one, is its main button (the most important else)
    lead = next(
        (r for section in sections for r in section["reminders"] if r["kind"] == CHECKIN), first
    )
    unsubscribe_all_here = (
        sections[0]["unsubscribe"]
        if len(sections) == 1
        else make_link(user=user, action="unsubscribe", kinds=kinds)
    )
    checkin = next((r for r in reminders if r["kind"] == CHECKIN), None)
    context = {
        **_checkin_part(user, checkin, commitment=commitment, since=since, say=say),
        "user": user,
        "north_star": north_star,
        "mentee_checkins": _mentee_checkins(user, mentee_checkins),
        "sections": sections,
        "call_to_action": lead["link"] if lead else settings.SITE_URL + site_path("dashboard"),
        "call_to_action_label": say(KINDS[lead["kind"]].button if lead else _("Open your plan")),
        "snooze": make_link(user=user, action="snooze"),
        "preferences": settings.SITE_URL + site_path("reminders:preferences"),
        "sent_on": local_date(
            timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone)), "j F Y, H:i"
        ),
        "language": translation.get_language(),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "_": say,
    }
    reply_to = (
        {"Reply-To": make_checkin_reply_address(user=user, period=checkin["period"])}
        if checkin
        else {}
    )
    return BulkEmail(
        subject=f"[careerbuilder] {_subject(first, len(reminders))}",
        text=render_to_string("emails/reminders/digest.txt", context, using="jinja2"),
        html=render_to_string("emails/reminders/digest.html", context, using="jinja2"),
        to=[user.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{unsubscribe_all_here}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Careerbuilder-Delivery": str(delivery.pk),
            # replying checks in: the address carries the token (digits and letters only)
            **reply_to,
        },
    )


# What each language's catalogue said for each text, remembered while the catalogue lives.
_SAID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _translator():
    """The active language's `say(text)`: a text (as the templates' `_`) or a lazy one (a kind's
    label) translated once per process rather than in each email. Django's gettext finds the
    active language on every call and, for a text its catalogue lacks (every one, in English),
    asks each fallback catalogue in turn: some 5 µs a text, and an email says forty-odd."""
    if not settings.USE_I18N:
        return str
    catalogue = trans_real.translation(translation.get_language())
    said = _SAID.get(catalogue)
    if said is None:
        said = _SAID[catalogue] = {}

    def say(text) -> str:
        lazy = isinstance(text, Promise)
        key = id(text) if lazy else text  # a lazy text is kept below, so its id stays its own
        found = said.get(key)
        if found is None:
            found = said[key] = (text, str(text) if lazy else catalogue.gettext(text))
        return found[1]

    return say


def _sections(user, reminders: list[dict], kinds: list[str], say) -> list[dict]:
    """One section per kind, the most important first, each with its own unsubscribe link."""
    return [
        {
            "kind": kind,
            "label": say(KINDS[kind].label),
            "reminders": [
                {
                    **r,
                    "link": settings.SITE_URL + (r["url"] or site_path("dashboard")),
                    "details": _details(user, kind, r["period"]),
                }
                for r in reminders
                if r["kind"] == kind
            ],
            "unsubscribe": make_link(user=user, action="unsubscribe", kinds=[kind]),
        }
        for kind in kinds
    ]


def _details(user, kind: str, period: str) -> list[str]:
    """What the kind says under a reminder (the year in review: the year in short)."""
    details = KINDS[kind].details
    return details(user=user, period=period) if details else []


def _checkin_part(user, checkin: dict | None, *, commitment: str, since, say) -> dict:
    """For an email that carries a check-in: the five one-tap answers, last time's commitment
    and what happened in the plan since the last check-in, to answer it with."""
    if checkin is None:
        return {"checkin_scores": [], "commitment": "", "since": []}
    answer = make_checkin_link(user=user, period=checkin["period"])
    return {
        "checkin_scores": [
            {"score": score, "label": say(label), "link": f"{answer}?score={score}"}
            for score, label in SCORES
        ],
        "commitment": commitment,
        "since": [
            {"summary": change.summary, "link": settings.SITE_URL + change.url} for change in since
        ],
    }


def _mentee_checkins(user, checkins) -> list[dict]:
    """A mentor's digest carries what their mentees shared, each with a link to answer it."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    return [
        {
            "name": checkin.owner.get_short_name(),
            "on": local_date(checkin.created_at.astimezone(zone), "j M"),
            "checkin": checkin,
            "link": settings.SITE_URL + checkin.get_absolute_url() + "#comments",
        }
        for checkin in checkins
    ]


def _subject(first: dict | None, count: int) -> str:
    if first is None:
        return gettext("Your career plan")
    if count == 1:
        return first["subject"]
    headline = gettext("Your check-in") if first["kind"] == CHECKIN else first["subject"]
    return ngettext(
        "%(headline)s, and %(count)s more thing",
        "%(headline)s, and %(count)s more things",
        count - 1,
    ) % {"headline": headline, "count": count - 1}
