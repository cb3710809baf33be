"""Next-due moments: when each thing of a user's plan next needs the dispatcher, and what falls due
when that moment comes.

Every source of reminders (the check-in slots, each open milestone, each contact with a
keep-in-touch date, each certification, the comment digest) goes through one sequence of
reminders: a milestone is due soon, then overdue; a certification reaches 60, 30 and 7 days; the
check-in slots and digest periods follow each other. For each source this module works out the
next reminder of its sequence that is not yet recorded and the moment it falls due: its day, at
the user's reminder hour in their own time zone, moved past snooze and quiet hours. The moments
are stored (models.Moment) and indexed, so the dispatcher reads only the rows whose moment has
come; when it records a reminder the source moves on to its next one. A user is worked out again
whenever an input changes (models.MomentChange, written by triggers) and when one of their
moments comes, never otherwise: an idle minute reads nothing.

Each source is declared once, in apps/reminders/sources/ (kinds.py is the registry): what it
loads for a user, its next moment, the tables that change it. Its rules, one sentence each, are
on the settings page and in the README.
"""

import datetime
import functools
import logging
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Exists, OuterRef
from django.urls import reverse

from apps.accounts.models import User
from apps.checkins.models import CheckInRhythm
from apps.core.i18n import speaking

from .kinds import KINDS, SOURCES, Due, sources_in
from .models import Moment, ReminderPreference

logger = logging.getLogger(__name__)

# A user whose moments cannot be worked out is tried again this much later.
RETRY_BROKEN = datetime.timedelta(hours=1)
# Something found due outside its moment (its date moved into the past, say) goes out if this is
# within an hour of the user's reminder hour, or else waits for the next one.
SENDING_WINDOW = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Next:
    """The next reminder of one source and the moment it falls due."""

    due_at: datetime.datetime
    due: Due

    @property
    def mark(self) -> str:
        return f"{self.due.kind}|{self.due.period}"


@dataclass
class Person:
    """One user's settings and plan, as far as reminders need them."""

    user: User
    preference: ReminderPreference
    rhythm: CheckInRhythm
    tz: zoneinfo.ZoneInfo
    objects: dict[str, list] = field(default_factory=dict)  # a source's rows (one source each)
    facts: dict[str, object] = field(default_factory=dict)  # what a source of one per user read

    @property
    def hour(self) -> int:
        """The reminder hour: check-ins keep their slot at it, every other kind goes out at it."""
        return self.rhythm.checkin_hour

    def wants(self, kind: str) -> bool:
        return KINDS[kind].is_on(self.preference, self.rhythm)

    def today(self, now: datetime.datetime) -> datetime.date:
        return now.astimezone(self.tz).date()

    def at(self, day: datetime.date) -> datetime.datetime:
        """The reminder hour of `day`, released past snooze and quiet hours."""
        local = datetime.datetime.combine(day, datetime.time(self.hour), tzinfo=self.tz)
        return self.release(local)

    def sending(self, now: datetime.datetime) -> tuple[bool, datetime.datetime]:
        """Whether `now` is within an hour of a reminder hour (released), and the next one."""
        today = self.today(now)
        instants = [self.at(today + datetime.timedelta(days=d)) for d in (-1, 0, 1, 2)]
        within = any(t <= now < t + SENDING_WINDOW for t in instants)
        return within, min(t for t in instants if t > now)

    def release(self, moment: datetime.datetime) -> datetime.datetime:
        """The first moment at or after `moment` that is neither snoozed nor quiet."""
        moment = moment.astimezone(datetime.UTC)
        snoozed = self.preference.snoozed_until
        if snoozed and snoozed > moment:
            moment = snoozed.astimezone(datetime.UTC)
        local = moment.astimezone(self.tz)
        if self.preference.in_quiet_hours(local.hour):
            end = datetime.datetime.combine(
                local.date(), datetime.time(self.preference.quiet_until), tzinfo=self.tz
            )
            if end <= local:
                end = datetime.datetime.combine(
                    local.date() + datetime.timedelta(days=1),
                    datetime.time(self.preference.quiet_until),
                    tzinfo=self.tz,
                )
            moment = end.astimezone(datetime.UTC)
        return moment


@functools.cache
def _pattern(name: str, with_pk: bool) -> str:
    if not with_pk:
        return reverse(name)
    return reverse(name, args=[PLACEHOLDER]).replace(str(PLACEHOLDER), "{}")


PLACEHOLDER = 987654321


def url_for(name: str, pk: int | None = None) -> str:
    """reverse(), worked out once per URL name: a busy minute builds tens of thousands."""
    pattern = _pattern(name, pk is not None)
    return pattern if pk is None else pattern.format(pk)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class Stored(NamedTuple):
    pk: int
    due_at: datetime.datetime | None
    last_period: str


def people(
    user_ids, now: datetime.datetime, only: dict[int, set[str]] | None = None
) -> tuple[dict[int, Person], set[int]]:
    """The reachable users among `user_ids` (active, with a verified primary address) with
    their plans, and the ids of the others, whose moments go. With `only`, just the sources it
    names are read (the moments that came), not each user's whole plan."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True, primary=True)
    found, unreachable = {}, set(user_ids)
    for user in (
        User.objects.filter(pk__in=user_ids, is_active=True)
        .filter(Exists(verified))
        .select_related("reminder_preference", "checkin_rhythm")
    ):
        try:
            preference = user.reminder_preference
        except ReminderPreference.DoesNotExist:
            preference = ReminderPreference(user=user)
        try:
            rhythm = user.checkin_rhythm
        except CheckInRhythm.DoesNotExist:
            rhythm = CheckInRhythm(user=user)
        found[user.pk] = Person(user, preference, rhythm, _zone(user.time_zone))
        unreachable.discard(user.pk)
    if not found:
        return found, unreachable

    for source in SOURCES.values():
        chosen = sources_in(only, source)
        if chosen != []:
            source.load(found, now, chosen)
    return found, unreachable


def sources(person: Person):
    """Every source of reminders of one user: (its key, its next-reminder function, the row)."""
    for source in SOURCES.values():
        if not source.per_row:
            yield source.key, source.next_of, None
            continue
        for row in person.objects.get(source.key, ()):
            yield f"{source.prefix}{row.pk}", source.next_of, row


@dataclass
class Outcome:
    """What one pass over some users found: the reminders due now, the moments to store, the
    stored moments that go, and the users whose plan could not be worked out."""

    due: list[Due] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    broken: set[int] = field(default_factory=set)


def work_out(user_ids, now: datetime.datetime, only: dict[int, set[str]] | None = None) -> Outcome:
    """The reminders due at `now` for these users, and each source's next moment after them:
    every source of theirs, or only those `only` names for each user (the moments that came)."""
    outcome = Outcome()
    found, unreachable = people(set(user_ids), now, only)
    stored = defaultdict(dict)
    moments = Moment.objects.filter(user_id__in=user_ids)
    for pk, user_id, source, due_at, last_period in moments.values_list(
        "pk", "user_id", "source", "due_at", "last_period"
    ):
        if only is None or source in only.get(user_id, ()):
            stored[user_id][source] = Stored(pk, due_at, last_period)
    for user_id, person in found.items():
        try:
            with speaking(person.user):  # what falls due is recorded in its user's language
                due, worked_out = _work_out_person(
                    person, stored[user_id], now, None if only is None else only.get(user_id, set())
                )
        except Exception:  # whatever one user's rows hold, the others' reminders go out
            logger.exception("Reminders of user %s skipped: their plan is unusable.", user_id)
            outcome.broken.add(user_id)
            continue
        outcome.due += due
        outcome.moments += [m for m in worked_out if _changed(m, stored[user_id].get(m.source))]
        kept = {moment.source for moment in worked_out}
        outcome.stale += [m.pk for source, m in stored[user_id].items() if source not in kept]
    for user_id in unreachable:
        outcome.stale += [m.pk for m in stored[user_id].values()]
    return outcome


def _changed(moment: Moment, before: Stored | None) -> bool:
    """Only moments that moved are written back."""
    return before is None or (before.due_at, before.last_period) != (
        moment.due_at,
        moment.last_period,
    )


def _work_out_person(
    person: Person, stored: dict, now, only: set[str] | None = None
) -> tuple[list[Due], list[Moment]]:
    """A source's reminder goes out when its stored moment has come; one found due without its
    moment having come (its inputs changed) waits for the user's reminder hour."""
    due, moments = [], []
    within, next_sending = person.sending(now)
    for source, next_of, obj in sources(person):
        if only is not None and source not in only:
            continue
        moment = stored.get(source)
        last = moment.last_period if moment else ""
        came = moment is not None and moment.due_at is not None and moment.due_at <= now
        found = None if person.preference.paused else next_of(person, obj, now, last)
        for _ in range(5):  # a source never has more than three reminders due at once
            if found is None or found.due_at > now:
                break
            if not (came or within):
                found = Next(next_sending, found.due)
                break
            due.append(found.due)
            last = found.mark
            found = next_of(person, obj, now, last)
        if found is None and not last:
            continue  # nothing coming and nothing to remember
        moments.append(
            Moment(
                user_id=person.user.pk,
                source=source,
                due_at=found.due_at if found else None,
                last_period=last,
            )
        )
    return due, moments


def save(outcome: Outcome, now: datetime.datetime) -> None:
    """Stores the moments worked out; a broken user's due moments come back in an hour."""
    if outcome.stale:
        Moment.objects.filter(pk__in=outcome.stale).delete()
    if outcome.moments and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # one set-based upsert: a fill writes millions
            cursor.execute(
                f"""INSERT INTO {Moment._meta.db_table} (user_id, source, due_at, last_period)
                    SELECT * FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::text[])
                    ON CONFLICT (user_id, source)
                    DO UPDATE SET due_at = EXCLUDED.due_at, last_period = EXCLUDED.last_period""",
                [
                    [m.user_id for m in outcome.moments],
                    [m.source for m in outcome.moments],
                    [m.due_at for m in outcome.moments],
                    [m.last_period for m in outcome.moments],
                ],
            )
    elif outcome.moments:
        Moment.objects.bulk_create(
            outcome.moments,
            update_conflicts=True,
            unique_fields=["user", "source"],
            update_fields=["due_at", "last_period"],
            batch_size=500,
        )
    if outcome.broken:
        retry = now + RETRY_BROKEN
        Moment.objects.filter(user_id__in=outcome.broken, due_at__lte=now).update(due_at=retry)
        Moment.objects.bulk_create(
            [Moment(user_id=user_id, source="retry", due_at=retry) for user_id in outcome.broken],
            update_conflicts=True,
            unique_fields=["user", "source"],
            update_fields=["due_at"],
        )
