"""The dispatcher before next-due moments (issue 20), kept as the reference of the differential
test: every run read every user and found what was due at that minute, at any hour outside quiet
hours (check-ins and digests waited for the hour)."""

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.urls import reverse

from apps.accounts.models import User
from apps.checkins.models import CheckIn, CheckInRhythm
from apps.learning.models import LearningItem, LearningKind
from apps.mentoring.models import Notification
from apps.milestones.models import OPEN_STATUSES, Milestone
from apps.network.models import Contact
from apps.reminders import schedule
from apps.reminders.kinds import KINDS, Due
from apps.reminders.models import ReminderPreference
from apps.reminders.sources.certifications import CERTIFICATION
from apps.reminders.sources.checkin import CHECKIN, not_started
from apps.reminders.sources.comments import COMMENTS
from apps.reminders.sources.contacts import CONTACT_DUE
from apps.reminders.sources.milestones import MILESTONE_DUE, MILESTONE_OVERDUE


@dataclass(frozen=True)
class Person:
    user: object
    preference: object
    rhythm: object
    checkin_slot: datetime.datetime | None
    local_now: datetime.datetime

    def wants(self, kind: str) -> bool:
        return KINDS[kind].is_on(self.preference, self.rhythm)


logger = logging.getLogger(__name__)


def _users_with_settings():
    """Every active user with a verified address, their preferences and check-in rhythm
    (the defaults, unsaved, where they never changed them)."""
    users = User.objects.filter(
        is_active=True, emailaddress__verified=True, emailaddress__primary=True
    ).select_related("reminder_preference", "checkin_rhythm")
    for user in users:
        try:
            preference = user.reminder_preference
        except ReminderPreference.DoesNotExist:
            preference = ReminderPreference(user=user)
        try:
            rhythm = user.checkin_rhythm
        except CheckInRhythm.DoesNotExist:
            rhythm = CheckInRhythm(user=user)
        yield user, preference, rhythm


def _person(user, preference, rhythm, now: datetime.datetime) -> Person | None:
    """What the dispatcher needs of one user now (None when paused, snoozed or quiet)."""
    try:
        tz = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local_now = now.astimezone(tz)
    if preference.paused or (preference.snoozed_until and preference.snoozed_until > now):
        return None
    if preference.in_quiet_hours(local_now.hour):
        return None
    slot = None
    if KINDS[CHECKIN].is_on(preference, rhythm):
        slot = schedule.latest_checkin_slot(
            now=now,
            tz=tz,
            cadence=rhythm.checkin_cadence,
            weekday=rhythm.checkin_weekday,
            hour=rhythm.checkin_hour,
        )
    return Person(user, preference, rhythm, slot, local_now)


def due_now(now: datetime.datetime, *, skipped: list[int] | None = None) -> list[Due]:
    """Everything due at `now` for every user who wants it and is not paused, snoozed or quiet.
    A user whose settings cannot be read is logged and left out (their id goes in `skipped`):
    one account must never stop everyone else's reminders."""
    people, skipped = {}, [] if skipped is None else skipped
    for user, preference, rhythm in _users_with_settings():
        try:
            person = _person(user, preference, rhythm, now)
        except Exception:  # whatever one user's row holds, the others' reminders go out
            logger.exception("Reminders of user %s skipped: their settings are unusable.", user.pk)
            skipped.append(user.pk)
            continue
        if person is not None:
            people[user.pk] = person
    if not people:
        return []
    return [due for find in FINDERS.values() for due in find(people, now)]


def _wanting(people: dict[int, Person], kind: str) -> dict[int, Person]:
    return {user_id: person for user_id, person in people.items() if person.wants(kind)}


def _checkins(people, now) -> list[Due]:
    slots = {
        user_id: (person.checkin_slot, person.rhythm.checkin_cadence)
        for user_id, person in people.items()
        if person.checkin_slot and person.checkin_slot >= person.user.date_joined
    }
    for user_id in not_started(slots):  # mentors with no plan of their own (issue 27)
        del slots[user_id]
    if not slots:
        return []
    earliest = min(slot for slot, _ in slots.values()) - datetime.timedelta(days=31)
    latest_checkin = {}
    for owner_id, created_at in CheckIn.objects.filter(
        owner_id__in=slots, created_at__gte=earliest
    ).values_list("owner_id", "created_at"):
        latest_checkin[owner_id] = max(created_at, latest_checkin.get(owner_id, created_at))
    due = []
    for user_id, (slot, cadence) in slots.items():
        period_start = slot - datetime.timedelta(days=schedule.PERIOD_DAYS[cadence] - 1)
        if latest_checkin.get(user_id) and latest_checkin[user_id] >= period_start:
            continue
        due.append(
            Due(
                user_id,
                CHECKIN,
                f"checkin:{slot.date().isoformat()}",
                "Time for your check-in: job or career?",
                reverse("checkins:create"),
            )
        )
    return due


def _milestones(people, now, *, overdue: bool) -> list[Due]:
    kind = MILESTONE_OVERDUE if overdue else MILESTONE_DUE
    wanting = _wanting(people, kind)
    if not wanting:
        return []
    widest = max(person.preference.milestone_days_before for person in wanting.values())
    horizon_end = max(person.local_now.date() for person in wanting.values())
    milestones = Milestone.objects.filter(
        owner_id__in=wanting,
        status__in=OPEN_STATUSES,
        target_date__lte=horizon_end + datetime.timedelta(days=0 if overdue else widest),
    ).only("pk", "owner_id", "title", "target_date")
    due = []
    for milestone in milestones:
        person = wanting[milestone.owner_id]
        today = person.local_now.date()
        days_left = (milestone.target_date - today).days
        if overdue and days_left < 0:
            subject = f"Overdue since {milestone.target_date:%d %b}: {milestone.title}"
        elif not overdue and 0 <= days_left <= person.preference.milestone_days_before:
            subject = f"Due on {milestone.target_date:%d %b}: {milestone.title}"
        else:
            continue
        due.append(
            Due(
                milestone.owner_id,
                kind,
                f"milestone:{milestone.pk}:{milestone.target_date}",
                subject,
                milestone.get_absolute_url(),
            )
        )
    return due


def _contacts(people, now) -> list[Due]:
    wanting = _wanting(people, CONTACT_DUE)
    if not wanting:
        return []
    horizon_end = max(person.local_now.date() for person in wanting.values())
    due = []
    for contact in Contact.objects.filter(owner_id__in=wanting, next_due_on__lte=horizon_end).only(
        "pk", "owner_id", "name", "next_due_on"
    ):
        if contact.next_due_on <= wanting[contact.owner_id].local_now.date():
            due.append(
                Due(
                    contact.owner_id,
                    CONTACT_DUE,
                    f"contact:{contact.pk}:{contact.next_due_on}",
                    f"Reach out to {contact.name}",
                    reverse("network:reach_out"),
                )
            )
    return due


def _certifications(people, now) -> list[Due]:
    wanting = _wanting(people, CERTIFICATION)
    if not wanting:
        return []
    horizon_end = max(person.local_now.date() for person in wanting.values())
    due = []
    for item in LearningItem.objects.filter(
        owner_id__in=wanting,
        kind=LearningKind.CERTIFICATION,
        expires_on__isnull=False,
        expires_on__lte=horizon_end + datetime.timedelta(days=61),
    ).only("pk", "owner_id", "title", "expires_on"):
        local_today = wanting[item.owner_id].local_now.date()
        threshold = schedule.certification_threshold(expires_on=item.expires_on, today=local_today)
        if threshold is not None:
            due.append(
                Due(
                    item.owner_id,
                    CERTIFICATION,
                    f"certification:{item.pk}:{item.expires_on}:{threshold}",
                    f"{item.title} expires on {item.expires_on:%d %b %Y}",
                    item.get_absolute_url(),
                )
            )
    return due


def _comment_digests(people, now) -> list[Due]:
    wanting = {
        user_id: person
        for user_id, person in _wanting(people, COMMENTS).items()
        if person.local_now.hour >= person.rhythm.checkin_hour
    }
    if not wanting:
        return []
    waiting = set(
        Notification.objects.filter(
            recipient_id__in=wanting, read_at__isnull=True, emailed_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    due = []
    for user_id in waiting:
        person = wanting[user_id]
        period = schedule.digest_period(
            local_now=person.local_now, cadence=person.preference.comments
        )
        due.append(
            Due(
                user_id,
                COMMENTS,
                f"comments:{period}",
                "New comments on your plan",
                reverse("mentoring:comments"),
            )
        )
    return due


FINDERS = {
    CHECKIN: _checkins,
    MILESTONE_DUE: lambda people, now: _milestones(people, now, overdue=False),
    MILESTONE_OVERDUE: lambda people, now: _milestones(people, now, overdue=True),
    CONTACT_DUE: _contacts,
    CERTIFICATION: _certifications,
    COMMENTS: _comment_digests,
}
