import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.mentoring.selectors import SinceReport, since_report
from apps.sharing.access import visible_to
from apps.sharing.models import Mentorship

from .models import (
    MAX_MINUTES,
    ActionItem,
    Agreement,
    AgreementStatus,
    PrivateNote,
    Reflection,
    Session,
    SessionStatus,
    TalkingPoint,
)

MET = (SessionStatus.ACCEPTED, SessionStatus.HELD)


def pair_for(user, pk) -> Mentorship | None:
    """The mentorship `pk` if `user` is one side of it (active or ended), else None."""
    return (
        Mentorship.objects.select_related("mentee", "mentor")
        .filter(Q(mentee=user) | Q(mentor=user), pk=pk)
        .first()
    )


def pairs_of(user) -> list[Mentorship]:
    """Every active mentorship of `user`, on either side, with its agreement in force."""
    return list(
        Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user), ended_at__isnull=True)
        .select_related("mentee", "mentor")
        .order_by("-started_at")
    )


def agreement_in_force(mentorship) -> Agreement | None:
    return (
        Agreement.objects.filter(mentorship=mentorship, status=AgreementStatus.ACTIVE)
        .prefetch_related("horizons", "milestones")
        .first()
    )


def agreement_proposed(mentorship) -> Agreement | None:
    return (
        Agreement.objects.filter(mentorship=mentorship, status=AgreementStatus.PROPOSED)
        .select_related("proposed_by")
        .prefetch_related("horizons", "milestones")
        .first()
    )


def sessions_of(mentorship) -> QuerySet:
    return Session.objects.filter(mentorship=mentorship).select_related("proposed_by")


def open_points(mentorship, session: Session | None = None) -> list[TalkingPoint]:
    """The points not yet discussed (they carry over), and those discussed in `session`."""
    rule = Q(discussed_in__isnull=True)
    if session is not None:
        rule |= Q(discussed_in=session)
    return list(TalkingPoint.objects.filter(rule, mentorship=mentorship).select_related("author"))


def previous_session(session: Session) -> Session | None:
    """The pair's last session that took place (or was accepted) before this one."""
    return (
        Session.objects.filter(
            mentorship_id=session.mentorship_id,
            status__in=MET,
            starts_at__lt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .order_by("-starts_at")
        .first()
    )


def action_items_of(session: Session | None) -> list[ActionItem]:
    if session is None:
        return []
    return list(
        ActionItem.objects.filter(session=session).select_related("milestone", "step", "assignee")
    )


@dataclass(frozen=True)
class Agenda:
    """What a session page opens with: what changed in the shared areas since the previous
    session, the points either side wants to raise, and last time's action items."""

    previous: Session | None
    report: SinceReport
    points: list[TalkingPoint]
    last_actions: list[ActionItem]


def agenda(*, session: Session, viewer, now=None) -> Agenda:
    """The agenda as `viewer` (either side) sees it. It runs from the previous session (or the
    start of the mentorship) to this session's end once it is over, to now before."""
    mentorship = session.mentorship
    previous = previous_session(session)
    since = previous.starts_at if previous else mentorship.started_at
    now = now or timezone.now()
    until = session.ends_at if session.ends_at < now else None
    report = since_report(
        mentorship=mentorship,
        viewer=viewer,
        since=since,
        until=until,
        today=timezone.localdate(),
    )
    return Agenda(previous, report, open_points(mentorship, session), action_items_of(previous))


def session_for(user, pk) -> Session:
    """The session if `user` may see it (the mentee always, the mentor while active)."""
    return visible_to(user, Session.objects.select_related("mentorship", "owner", "mentor")).get(
        pk=pk
    )


def private_note(*, session: Session, user) -> PrivateNote | None:
    return PrivateNote.objects.filter(session=session, author=user).first()


def reflections_of(mentorship) -> list[Reflection]:
    return list(Reflection.objects.filter(mentorship=mentorship))


PLANNED = (SessionStatus.PROPOSED, SessionStatus.ACCEPTED)


def upcoming(sessions, now: datetime.datetime) -> list[Session]:
    return [s for s in sessions if s.ends_at >= now and s.status in PLANNED]


PAST_SHOWN = 50
UPCOMING_SHOWN = 50


def sessions_listed(user, now: datetime.datetime) -> tuple[list[Session], list[Session]]:
    """The sessions page's two lists, each bounded in SQL however long a pair's history: the
    soonest UPCOMING_SHOWN planned and not over (a session lasts at most MAX_MINUTES, so any that
    began earlier is over) and the latest PAST_SHOWN of the rest, each newest first."""
    sessions = sessions_visible(user)
    began_after = now - datetime.timedelta(minutes=MAX_MINUTES)
    planned = sessions.filter(status__in=PLANNED, starts_at__gte=began_after)
    coming = upcoming(planned.order_by("starts_at", "pk")[:UPCOMING_SHOWN], now)[::-1]
    # a planned session yet to begin is never past, even beyond the UPCOMING_SHOWN soonest
    not_begun = Q(status__in=PLANNED, starts_at__gt=now)
    past = sessions.exclude(pk__in=[session.pk for session in coming]).exclude(not_begun)
    past = past[:PAST_SHOWN]
    return coming, list(past)


def sessions_visible(user) -> QuerySet:
    """The sessions `user` may see (the mentee's all, the mentor's of active pairs), newest
    first, with what the list shows."""
    return visible_to(user, Session.objects.select_related("owner", "mentor")).order_by(
        "-starts_at", "-pk"
    )


@dataclass(frozen=True)
class PairSummary:
    mentorship: Mentorship
    other: object  # the other side's account
    is_mentee: bool
    agreement: Agreement | None
    proposal: Agreement | None
    next_session: Session | None


def pair_summaries(*, user, now) -> list[PairSummary]:
    """Each active pair with its agreement, any proposal waiting, and its next session, in a
    fixed number of queries whatever the number of pairs."""
    pairs = pairs_of(user)
    agreements = {
        (a.mentorship_id, a.status): a
        for a in Agreement.objects.filter(
            mentorship__in=pairs,
            status__in=[AgreementStatus.ACTIVE, AgreementStatus.PROPOSED],
        ).select_related("proposed_by")
    }
    next_sessions = {}
    for s in Session.objects.filter(
        mentorship__in=pairs, status__in=PLANNED, starts_at__gte=now
    ).order_by("-starts_at"):
        next_sessions[s.mentorship_id] = s  # the earliest wins, read last
    return [
        PairSummary(
            mentorship=m,
            other=m.mentor if m.mentee_id == user.pk else m.mentee,
            is_mentee=m.mentee_id == user.pk,
            agreement=agreements.get((m.pk, AgreementStatus.ACTIVE)),
            proposal=agreements.get((m.pk, AgreementStatus.PROPOSED)),
            next_session=next_sessions.get(m.pk),
        )
        for m in pairs
    ]


def ended_pairs(user) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user), ended_at__isnull=False)
        .select_related("mentee", "mentor")
        .order_by("-ended_at")[:20]
    )
