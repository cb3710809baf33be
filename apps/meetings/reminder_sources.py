"""Nobody drifts (apps/reminders/kinds.py finds this module): a mentoring pair with an agreement
in force that goes longer than its agreed rhythm without contact gets one nudge each, mentee and
mentor; silent three times that long, each is offered once to close the mentorship with
reflections. Contact is a session held (or accepted, once it has begun), a comment of one of
them that reached the other, or the agreement's confirmation; each silence is a period of its
own, named by the last contact (`pair:<mentorship>:<its day>`), so the same silence is never
told twice and a new one is told again.

Each side has one source per pair (`pair:<mentorship>`), worked out from their own settings
(hour, zone, quiet hours, switches). Its moment follows the work: a write that is contact (a
comment, a session logged or held) or changes the rhythm (an agreement confirmed) queues both
sides by trigger; the one contact that comes by time alone, an accepted session beginning, is
the source's moment when it comes first, and the pair is worked out again then, sending
nothing unless something is due.
"""

import datetime
from typing import NamedTuple

from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.mentoring.models import Comment, Notification
from apps.reminders.kinds import Due, Kind, Source, Watch, register
from apps.reminders.moments import Next, Person, url_for
from apps.sharing.models import Mentorship

from .models import Agreement, AgreementStatus, Session, SessionStatus

NUDGE = "mentoring_nudge"
CLOSE = "mentoring_close"
CLOSE_AFTER = 3  # rhythms of silence


class PairRow(NamedTuple):
    pk: int  # the mentorship
    other: str  # the other side's short name
    every_weeks: int
    last_contact: datetime.datetime
    next_session: datetime.datetime | None  # accepted, not begun: contact once it begins
    until: datetime.date  # the agreement's last day: nothing is told of a silence after it


def _short_name(display_name: str, email: str) -> str:
    return display_name or email.split("@")[0]


def pairs(user_ids, now, chosen=None):
    """The active mentorships of these users (`chosen`: of these ids) with an agreement in
    force, each with its rhythm and its last contact: one query, each pair's last session and
    comment read newest first through their own indexes, from the agreement on (nothing earlier
    counts: the agreement's confirmation is contact)."""
    agreed = Coalesce("confirmed_at", "proposed_at")
    start = OuterRef("proposed_at")
    session = (
        Session.objects.filter(
            mentorship=OuterRef("mentorship"),
            starts_at__gt=start,
            starts_at__lte=now,
            status__in=(SessionStatus.HELD, SessionStatus.ACCEPTED),
        )
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    coming = (
        Session.objects.filter(
            mentorship=OuterRef("mentorship"), starts_at__gt=now, status=SessionStatus.ACCEPTED
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    reached_mentor = Notification.objects.filter(
        comment=OuterRef("pk"), recipient=OuterRef(OuterRef("mentorship__mentor"))
    )
    comment = (
        Comment.objects.filter(
            plan_owner=OuterRef("mentorship__mentee"), created_at__gt=start, deleted_at__isnull=True
        )
        .filter(
            Q(author=OuterRef("mentorship__mentor"))
            | Q(Exists(reached_mentor), author=OuterRef("mentorship__mentee"))
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = Agreement.objects.filter(
        Q(mentorship__mentee_id__in=user_ids) | Q(mentorship__mentor_id__in=user_ids),
        status=AgreementStatus.ACTIVE,
        mentorship__ended_at__isnull=True,
    )
    if chosen is not None:
        rows = rows.filter(mentorship_id__in=chosen)
    return (
        rows.order_by()
        .annotate(
            last_contact=Greatest(
                agreed,
                Coalesce(Subquery(session), agreed),
                Coalesce(Subquery(comment), agreed),
                output_field=DateTimeField(),
            ),
            next_session=Subquery(coming),
        )
        .values_list(
            "mentorship_id",
            "mentorship__mentee_id",
            "mentorship__mentee__display_name",
            "mentorship__mentee__email",
            "mentorship__mentor_id",
            "mentorship__mentor__display_name",
            "mentorship__mentor__email",
            "every_weeks",
            "last_contact",
            "next_session",
            "until",
        )
    )


def load(found: dict[int, Person], now, chosen) -> None:
    """Each user's pairs, on either side, with an agreement in force."""
    for (
        pk,
        mentee,
        mentee_name,
        mentee_email,
        mentor,
        mentor_name,
        mentor_email,
        weeks,
        last,
        coming,
        until,
    ) in pairs(list(found), now, chosen):
        for user_id, other in (
            (mentee, _short_name(mentor_name, mentor_email)),
            (mentor, _short_name(mentee_name, mentee_email)),
        ):
            if user_id in found:
                row = PairRow(pk, other, weeks, last, coming, until)
                found[user_id].objects.setdefault(SOURCE.key, []).append(row)


def _after(person: Person, moment: datetime.datetime) -> datetime.datetime:
    """The first reminder hour of the person's at or after `moment` (released past quiet
    hours): a silence is told once it has lasted, never an hour early."""
    day = person.today(moment)
    due_at = person.at(day)
    return due_at if due_at >= moment else person.at(day + datetime.timedelta(days=1))


def _day(person: Person, moment: datetime.datetime) -> str:
    """A day as the subjects say it ("02 Mar"), its month in the reader's language."""
    return local_date(moment.astimezone(person.tz), "d M")


def _nudge(person: Person, pair: PairRow, since: datetime.datetime) -> Next:
    """The nudge of the silence since `since`, when it has lasted the rhythm."""
    subject = ngettext(
        "Time to meet %(name)s: nothing since %(day)s, you agreed every week",
        "Time to meet %(name)s: nothing since %(day)s, you agreed every %(count)s weeks",
        pair.every_weeks,
    ) % {
        "name": pair.other,
        "day": _day(person, since),
        "count": pair.every_weeks,
    }
    due = Due(
        person.user.pk, NUDGE, _period(pair, since), subject, url_for("meetings:pair", pair.pk)
    )
    return Next(_after(person, since + datetime.timedelta(weeks=pair.every_weeks)), due)


def _close(person: Person, pair: PairRow, since: datetime.datetime) -> Next:
    """The offer to close, when the silence since `since` has lasted three rhythms."""
    subject = gettext("Close your mentorship with %(name)s? Nothing since %(day)s") % {
        "name": pair.other,
        "day": _day(person, since),
    }
    due = Due(
        person.user.pk, CLOSE, _period(pair, since), subject, url_for("mentoring:end", pair.pk)
    )
    return Next(
        _after(person, since + CLOSE_AFTER * datetime.timedelta(weeks=pair.every_weeks)), due
    )


def _period(pair: PairRow, since: datetime.datetime) -> str:
    return f"pair:{pair.pk}:{since.astimezone(datetime.UTC).date()}"


def _telling(person: Person, pair: PairRow, now, last: str) -> Next | None:
    """What is still to tell of the current silence: the nudge, then the offer to close (only
    the offer, once both have come due)."""
    since = pair.last_contact
    if last == f"{CLOSE}|{_period(pair, since)}":
        return None  # told all there is to tell of this silence
    close = _close(person, pair, since) if person.wants(CLOSE) else None
    nudged = last == f"{NUDGE}|{_period(pair, since)}"
    if not nudged and person.wants(NUDGE) and (close is None or close.due_at > now):
        return _nudge(person, pair, since)
    return close


def next_of(person: Person, pair: PairRow, now, last: str) -> Next | None:
    found = _telling(person, pair, now, last)
    if found is not None and person.today(found.due_at) > pair.until:
        return None  # the agreement has run its course: a silence after it is nobody's to tell
    if pair.next_session is not None and (found is None or pair.next_session < found.due_at):
        # the silence ends when the session begins: worked out again then, this is not sent
        # (it is the nudge of the silence that begins then, told a rhythm later if at all)
        return Next(pair.next_session, _nudge(person, pair, pair.next_session).due)
    return found


SOURCE = register(
    Source(
        key="pair",
        order=55,
        per_row=True,
        kinds=(
            Kind(
                key=NUDGE,
                label=_("Mentoring: time to meet"),
                rule=_(
                    "Once per silence, to mentee and mentor each, when a pair with an agreement "
                    "goes longer than its agreed rhythm without a session or a comment."
                ),
                setting="mentoring_nudge",
                off=False,
                button=_("Plan your next session"),
                importance=45,
                form_fields=("mentoring_nudge",),
            ),
            Kind(
                key=CLOSE,
                label=_("Mentoring: an offer to close"),
                rule=_(
                    "Once per silence, to each side, when the pair has been silent for three "
                    "times its agreed rhythm: close the mentorship and write your reflections."
                ),
                setting="mentoring_close",
                off=False,
                button=_("Close it with reflections"),
                importance=46,
                form_fields=("mentoring_close",),
            ),
        ),
        load=load,
        next_of=next_of,
        # contact and rhythm queue both sides: an agreement (the mentee's, the mentor through
        # the mentorship), a session (each side), a comment (its author; the other side through
        # the notification it gets, if the comment reached them at all)
        watches=(
            Watch(Agreement._meta.db_table, "owner_id", ("status", "every_weeks", "until")),
            Watch(
                Agreement._meta.db_table,
                "mentorship_id",
                ("status", "every_weeks", "until"),
                via=(Mentorship._meta.db_table, "mentor_id"),
            ),
            Watch(Session._meta.db_table, "owner_id", ("status", "starts_at")),
            Watch(Session._meta.db_table, "mentor_id", ("status", "starts_at")),
            Watch(Comment._meta.db_table, "author_id", ()),
            Watch(Notification._meta.db_table, "recipient_id", ()),
        ),
    )
)
