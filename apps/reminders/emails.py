"""Every email careerbuilder sends about reminders: one function per kind of email."""

import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from apps.core.mail import BulkEmail

from .kinds import KINDS, by_importance
from .links import make_checkin_link, make_checkin_reply_address, make_link, site_path
from .models import Delivery
from .sources.checkin import CHECKIN

# The first question of a check-in, answered by one tap in the email.
SCORES = [(1, "not at all"), (2, "a little"), (3, "some"), (4, "a good step"), (5, "a big step")]


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
    `commitment` the next step their last check-in committed to. Built the same on every retry."""
    user = delivery.user
    kinds = by_importance(r["kind"] for r in reminders)  # the most important first
    sections = _sections(user, reminders, kinds)
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
        **_checkin_part(user, checkin, commitment=commitment, since=since),
        "user": user,
        "north_star": north_star,
        "mentee_checkins": _mentee_checkins(user, mentee_checkins),
        "sections": sections,
        "call_to_action": lead["link"] if lead else settings.SITE_URL + site_path("dashboard"),
        "call_to_action_label": KINDS[lead["kind"]].button if lead else "Open your plan",
        "snooze": make_link(user=user, action="snooze"),
        "preferences": settings.SITE_URL + site_path("reminders:preferences"),
        "sent_on": timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone)),
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


def _sections(user, reminders: list[dict], kinds: list[str]) -> list[dict]:
    """One section per kind, the most important first, each with its own unsubscribe link."""
    return [
        {
            "kind": kind,
            "label": KINDS[kind].label,
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


def _checkin_part(user, checkin: dict | None, *, commitment: str, since) -> dict:
    """For an email that carries a check-in: the five one-tap answers, last time's commitment
    and what happened in the plan since the last check-in, to answer it with."""
    if checkin is None:
        return {"checkin_scores": [], "commitment": "", "since": []}
    answer = make_checkin_link(user=user, period=checkin["period"])
    return {
        "checkin_scores": [
            {"score": score, "label": label, "link": f"{answer}?score={score}"}
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
            "on": checkin.created_at.astimezone(zone),
            "checkin": checkin,
            "link": settings.SITE_URL + checkin.get_absolute_url() + "#comments",
        }
        for checkin in checkins
    ]


def _subject(first: dict | None, count: int) -> str:
    if first is None:
        return "Your career plan"
    if count == 1:
        return first["subject"]
    headline = "Your check-in" if first["kind"] == CHECKIN else first["subject"]
    return f"{headline}, and {count - 1} more thing{'s' if count > 2 else ''}"
