"""The dispatcher before next-due moments (tests/reminders/legacy_due.py) and the engine, run side
by side hour by hour over a simulated year (every start and end of daylight saving in Europe, North
America and Australia), and again over an autumn with other plans, with random plans in several
time zones and random changes along the way: they must send the same reminders in the same
periods, the engine never earlier than before and at most a day later (every kind now waits for
the user's reminder hour).

Changes happen between 10:00 and 20:00 local time, after both have sent the day's reminders, and
move dates far enough ahead that waiting for the reminder hour never skips a step of a sequence
(which is the one intended difference: a comment digest found at 15:00 now goes out the next
morning, in the next day's period, so for digests the engine's periods are a subset)."""

import datetime
import random
import zoneinfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from apps.checkins.models import CheckIn, CheckInRhythm
from apps.learning.models import LearningItem
from apps.mentoring.models import Comment, Notification
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.reminders import engine
from apps.reminders.models import Reminder, ReminderPreference
from tests.factories import ContactFactory, LearningItemFactory, MilestoneFactory, UserFactory

from . import legacy_due

pytestmark = pytest.mark.django_db

YEAR = (datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), 365)
AUTUMN = (datetime.datetime(2026, 9, 27, tzinfo=datetime.UTC), 60)  # Sydney, London, New York
ZONES = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
    "America/Los_Angeles",
]


def seed_world(rng: random.Random, start: datetime.datetime, days: int):
    users = []
    day = lambda low, high: start.date() + datetime.timedelta(days=rng.randint(low, high))  # noqa: E731
    with time_machine.travel(start - datetime.timedelta(days=50), tick=False):
        for number, zone in enumerate(ZONES):
            user = UserFactory(time_zone=zone)
            midnight = number % 2 == 0  # half send at 00:00 with no quiet hours, half at 9 or 18
            ReminderPreference.objects.create(
                user=user,
                milestone_days_before=rng.randint(1, 14),
                comments=rng.choice(["daily", "weekly"]),
                quiet_from=None if midnight else 22,
                quiet_until=None if midnight else 7,
            )
            CheckInRhythm.objects.create(
                user=user,
                checkin_cadence=rng.choice(["weekly", "biweekly", "monthly"]),
                checkin_weekday=rng.randint(0, 6),
                checkin_hour=0 if midnight else rng.choice([9, 18]),
            )
            for _ in range(3):
                MilestoneFactory(owner=user, target_date=day(2, min(days, 60)))
            for _ in range(2):
                ContactFactory(owner=user, next_due_on=day(1, min(days, 60)))
            LearningItemFactory(owner=user, kind="certification", expires_on=day(62, 120))
            users.append(user)
    return users


def change_something(rng: random.Random, user, now: datetime.datetime, today: datetime.date):
    """One random change of the user's plan, through a bulk update (the triggers see it)."""
    ahead = lambda low, high: today + datetime.timedelta(days=rng.randint(low, high))  # noqa: E731
    choice = rng.randrange(7)
    milestones = Milestone.objects.filter(owner=user)
    if choice == 0:
        milestones.filter(pk=rng.choice(list(milestones.values_list("pk", flat=True)))).update(
            target_date=ahead(15, 40)
        )
    elif choice == 1:
        planned = list(milestones.filter(status="planned").values_list("pk", flat=True))
        if planned:
            milestones.filter(pk=rng.choice(planned)).update(status="done", progress=100)
    elif choice == 2:
        Contact.objects.filter(owner=user).update(next_due_on=ahead(1, 30))
    elif choice == 3:
        LearningItem.objects.filter(owner=user).update(expires_on=ahead(62, 100))
    elif choice == 4:
        with time_machine.travel(now, tick=False):
            CheckIn.objects.create(owner=user, north_star_progress=3, job_or_career=3)
    elif choice == 5:
        comment = Comment.objects.create(
            plan_owner=user,
            author=user,
            body="Nice step.",
            area="milestones",
            content_type=ContentType.objects.get_for_model(Milestone),
            object_id=milestones.first().pk,
        )
        with time_machine.travel(now, tick=False):
            Notification.objects.create(recipient=user, comment=comment)
    else:
        Notification.objects.filter(recipient=user).update(read_at=now)


LEGACY_KINDS = (
    "checkin",
    "milestone_due",
    "milestone_overdue",
    "contact_due",
    "certification",
    "comments",
)


@pytest.mark.parametrize(("seed", "window"), [(1, YEAR), (2, AUTUMN)], ids=["year", "autumn"])
def test_the_engine_sends_what_the_old_dispatcher_sent(seed, window):
    start, days = window
    rng = random.Random(seed)
    users = seed_world(rng, start, days)
    legacy: dict[tuple, datetime.datetime] = {}
    new: dict[tuple, datetime.datetime] = {}
    seen = 0
    for hour in range(days * 24):
        now = start + datetime.timedelta(hours=hour)
        for user in users:
            local = now.astimezone(zoneinfo.ZoneInfo(user.time_zone))
            if 10 <= local.hour < 20 and rng.random() < 0.04:
                change_something(rng, user, now, local.date())
        for due in legacy_due.due_now(now):
            legacy.setdefault((due.user_id, due.kind, due.period), now)
        engine.run(engine.Run(now=now))
        # the kinds the old dispatcher knew (a kind born after it, like the year in review, has
        # its own tests)
        for row in Reminder.objects.filter(pk__gt=seen, kind__in=LEGACY_KINDS).values_list(
            "pk", "user_id", "kind", "period"
        ):
            seen = max(seen, row[0])
            new[row[1:]] = now

    # The first day is the warm-up (what was due before the start goes out when each first sees
    # it); what fell due in the last day may not have reached the engine's reminder hour yet.
    warm, settled = start + datetime.timedelta(days=1), start + datetime.timedelta(days=days - 1)
    early = {key for key, at in legacy.items() if at < warm} | {k for k in new if new[k] < warm}
    legacy_settled = {key for key, at in legacy.items() if at < settled} - early
    new_settled = {key for key, at in new.items() if at < settled} - early
    digests = {key for key in legacy_settled | new_settled if key[1] == "comments"}
    assert new_settled - digests == legacy_settled - digests
    assert new_settled & digests <= set(legacy)
    for key in new_settled - digests:
        delay = new[key] - legacy[key]
        assert datetime.timedelta(0) <= delay <= datetime.timedelta(hours=25), (key, delay)
    kinds = {kind for _, kind, _ in new_settled}
    assert {"checkin", "milestone_due", "milestone_overdue", "contact_due"} <= kinds
