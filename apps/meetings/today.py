"""What a mentoring pair asks each side for today, mentee and mentor alike: a session within
the next day, a session or an agreement the other side proposed and waits for an answer on, and
their own action items due within a week or overdue. Only while the mentorship is active: a
former mentor has nothing here (nor does the mentee from that pair).

The list is kept in the plan cache by the hour (apps/dashboard/views.py): the services retire
both sides' lists on every change of the pair's record (`services._touched`), and a session's
window runs to the end of the hour plus a day, so one hour's cached list is true all hour."""

import datetime
import zoneinfo

from django.db.models import Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.audit import Actor
from apps.core.i18n import local_date
from apps.core.today import TodayItem, TodaySource, register
from apps.sharing.access import pair_changeable

from . import services
from .models import MAX_MINUTES, ActionItem, Agreement, AgreementStatus, Session, SessionStatus

LIMIT = 20
WINDOW = datetime.timedelta(hours=24)
ACTION_DAYS = 7  # an action item is asked for from a week before it is due


def _zone(owner) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(owner.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _hour(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _other(mentorship, owner):
    """The other side's short name (the mentee's mentor, or the mentor's mentee)."""
    other = mentorship.mentor if owner.pk == mentorship.mentee_id else mentorship.mentee
    return other.get_short_name()


def _from_the_other_side(owner, queryset):
    """Rows of the owner's active pairs that the other side proposed."""
    return (
        pair_changeable(owner, queryset)
        .exclude(proposed_by=owner)
        .select_related("mentorship__mentee", "mentorship__mentor")
    )


# A session within the next day ---------------------------------------------------------------


def _coming(owner, now):
    """Accepted sessions not over by this hour, starting within a day of its end."""
    hour = _hour(now)
    return (
        pair_changeable(owner, Session.objects.filter(status=SessionStatus.ACCEPTED))
        .filter(
            starts_at__gt=hour - datetime.timedelta(minutes=MAX_MINUTES),
            starts_at__lt=hour + datetime.timedelta(hours=1) + WINDOW,
        )
        .select_related("mentorship__mentee", "mentorship__mentor")
        .order_by("starts_at", "pk")
    )


def _when(starts_at: datetime.datetime, today: datetime.date, zone) -> str:
    local = starts_at.astimezone(zone)
    time = date_format(local, "H:i")
    if local.date() == today:
        return gettext("at %(time)s") % {"time": time}
    if local.date() == today + datetime.timedelta(days=1):
        return gettext("tomorrow at %(time)s") % {"time": time}
    return gettext("on %(day)s at %(time)s") % {"day": local_date(local, "D j M"), "time": time}


def _minutes(minutes: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def session_items(*, owner, today, now) -> list[TodayItem]:
    zone, hour = _zone(owner), _hour(now)
    return [
        TodayItem(
            key=f"session:{session.pk}",
            label=_("Mentoring session"),
            title=gettext("Session with %(name)s %(when)s")
            % {
                "name": _other(session.mentorship, owner),
                "when": _when(session.starts_at, today, zone),
            },
            url=session.get_absolute_url(),
            due_on=session.starts_at.astimezone(zone).date(),
            detail=" · ".join(
                filter(
                    None,
                    [_minutes(session.minutes), session.place],
                )
            ),
        )
        for session in _coming(owner, now)[:LIMIT]
        if session.ends_at > hour
    ]


def session_next_on(*, owner, today, now) -> datetime.date | None:
    """The day the next accepted session comes within a day."""
    later = (
        pair_changeable(owner, Session.objects.filter(status=SessionStatus.ACCEPTED))
        .filter(starts_at__gte=_hour(now) + datetime.timedelta(hours=1) + WINDOW)
        .aggregate(next=Min("starts_at"))["next"]
    )
    return (later - WINDOW).astimezone(_zone(owner)).date() if later else None


# A session proposed by the other side ---------------------------------------------------------


def _proposals(owner, now):
    return _from_the_other_side(
        owner, Session.objects.filter(status=SessionStatus.PROPOSED, starts_at__gt=now)
    )


def proposal_items(*, owner, today, now) -> list[TodayItem]:
    zone = _zone(owner)
    return [
        TodayItem(
            key=f"session-proposal:{session.pk}",
            label=_("Session to answer"),
            title=gettext("%(name)s proposes a session %(when)s")
            % {
                "name": _other(session.mentorship, owner),
                "when": _when(session.starts_at, today, zone),
            },
            url=session.get_absolute_url(),
            detail=" · ".join(
                filter(
                    None,
                    [_minutes(session.minutes), session.place],
                )
            ),
            done_label=_("Accept"),
        )
        for session in _proposals(owner, now).order_by("starts_at", "pk")[:LIMIT]
    ]


def proposal_done(*, owner, reference, data, today, now) -> str:
    """Accepts the proposal: both get the calendar invitation (ValidationError: its time has
    passed, or it is no longer waiting)."""
    waiting = Session.objects.filter(status=SessionStatus.PROPOSED)  # passed: the service says so
    session = _from_the_other_side(owner, waiting).get(pk=reference)
    services.session_accept(session=session, actor=Actor(owner), now=now)
    return gettext("Accepted: %(name)s gets the invitation too.") % {
        "name": _other(session.mentorship, owner)
    }


# An agreement proposed by the other side ------------------------------------------------------


def agreement_items(*, owner, today, now) -> list[TodayItem]:
    agreements = _from_the_other_side(
        owner, Agreement.objects.filter(status=AgreementStatus.PROPOSED)
    ).order_by("proposed_at", "pk")
    return [
        TodayItem(
            key=f"agreement-proposal:{agreement.pk}",
            label=_("Agreement to confirm"),
            title=gettext("%(name)s proposes what your mentoring is for")
            % {"name": _other(agreement.mentorship, owner)},
            url=reverse("meetings:pair", args=[agreement.mentorship_id]),
            due_on=agreement.proposed_at.astimezone(_zone(owner)).date(),
            detail=ngettext(
                "every week until %(day)s",
                "every %(count)s weeks until %(day)s",
                agreement.every_weeks,
            )
            % {"count": agreement.every_weeks, "day": date_format(agreement.until, "DATE_FORMAT")},
        )
        for agreement in agreements[:LIMIT]
    ]


# The person's own action items ---------------------------------------------------------------


def _actions(owner):
    """The owner's open action items of an active pair. One that became a milestone or a step
    is asked for there, as part of the plan."""
    return pair_changeable(
        owner,
        ActionItem.objects.filter(
            assignee=owner, done_at__isnull=True, milestone__isnull=True, step__isnull=True
        ),
    ).filter(due_on__isnull=False)


def action_items(*, owner, today, now) -> list[TodayItem]:
    soon = today + datetime.timedelta(days=ACTION_DAYS)
    items = []
    for item in _actions(owner).filter(due_on__lte=soon).order_by("due_on", "pk")[:LIMIT]:
        day = date_format(item.due_on, "DATE_FORMAT")
        items.append(
            TodayItem(
                key=f"action-item:{item.pk}",
                label=_("Action from mentoring"),
                title=item.title,
                url=reverse("meetings:session", args=[item.session_id]),
                due_on=item.due_on,
                detail=gettext("overdue since %(date)s") % {"date": day}
                if item.due_on < today
                else gettext("due %(date)s") % {"date": day},
                done_label=_("Mark done"),
            )
        )
    return items


def action_done(*, owner, reference, data, today, now) -> str:
    item = _actions(owner).select_related("session__mentorship").get(pk=reference)
    services.action_item_set_done(item=item, actor=Actor(owner))
    return gettext("Done: %(title)s") % {"title": item.title}


def action_next_on(*, owner, today, now) -> datetime.date | None:
    later = (
        _actions(owner)
        .filter(due_on__gt=today + datetime.timedelta(days=ACTION_DAYS))
        .aggregate(next=Min("due_on"))["next"]
    )
    return later - datetime.timedelta(days=ACTION_DAYS) if later else None


SESSIONS = register(
    TodaySource(key="session", order=12, items=session_items, next_on=session_next_on)
)
ACTIONS = register(
    TodaySource(
        key="action-item", order=35, items=action_items, done=action_done, next_on=action_next_on
    )
)
PROPOSALS = register(
    TodaySource(key="session-proposal", order=64, items=proposal_items, done=proposal_done)
)
AGREEMENTS = register(TodaySource(key="agreement-proposal", order=66, items=agreement_items))
