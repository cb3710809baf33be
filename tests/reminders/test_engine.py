"""The reminder engine for a million users: next-due moments kept current whatever the road, an
idle minute that reads nothing, partitions that share the users, retention and the metrics."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.checkins.models import CheckInRhythm
from apps.milestones.models import Milestone
from apps.network import services as network_services
from apps.reminders import engine, services
from apps.reminders.models import (
    Delivery,
    DispatcherState,
    Moment,
    MomentChange,
    Reminder,
    ReminderPreference,
)
from tests.factories import ContactFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 4 March 2026, 12:00 UTC, and ten past nine, within the reminder hour of users in UTC.
NOON = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC)
NINE = datetime.datetime(2026, 3, 4, 9, 10, tzinfo=datetime.UTC)


def make_user(checkins=False, **fields):
    """A user from January, with new users' preferences; no check-in reminders unless asked."""
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(**fields)
    ReminderPreference.objects.create(user=user)
    if not checkins:
        CheckInRhythm.objects.create(user=user, checkin_cadence="off")
    return user


def dispatch(at, **kwargs):
    with time_machine.travel(at, tick=False):
        return services.reminders_dispatch(now=at, **kwargs)


def moment_of(user, source):
    return Moment.objects.get(user=user, source=source).due_at


def test_new_users_get_quiet_nights_and_every_kind_waits_for_the_reminder_hour():
    user = make_user(time_zone="America/New_York")
    assert (user.reminder_preference.quiet_from, user.reminder_preference.quiet_until) == (22, 7)
    MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 1), title="Ship the report")

    dispatch(datetime.datetime(2026, 3, 4, 8, 56, tzinfo=datetime.UTC))  # 03:56 in New York
    assert not Reminder.objects.exists()
    # 9:00 in New York is 14:00 UTC (standard time until 8 March).
    assert moment_of(user, f"milestone:{Milestone.objects.get().pk}") == datetime.datetime(
        2026, 3, 4, 14, 0, tzinfo=datetime.UTC
    )
    dispatch(datetime.datetime(2026, 3, 4, 14, 0, tzinfo=datetime.UTC))
    assert Reminder.objects.get().kind == "milestone_overdue"


def test_a_reminder_hour_in_quiet_hours_waits_until_they_end():
    user = make_user(time_zone="Europe/London")
    CheckInRhythm.objects.filter(user=user).update(checkin_hour=23)
    MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 1))

    dispatch(NOON)

    milestone = Milestone.objects.get()
    assert moment_of(user, f"milestone:{milestone.pk}") == datetime.datetime(
        2026, 3, 5, 7, 0, tzinfo=datetime.UTC
    )


def test_after_a_busy_run_an_idle_run_reads_no_user_and_costs_the_same_for_any_number():
    def idle_queries(users):
        for _ in range(users):
            user = make_user()
            MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 20))
            ContactFactory(owner=user)
        dispatch(NOON)  # busy: works everybody out
        with CaptureQueriesContext(connection) as queries:
            dispatch(NOON + datetime.timedelta(minutes=1))
        return [
            query["sql"]
            for query in queries.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]

    few = idle_queries(2)
    many = idle_queries(30)

    assert len(few) == len(many) <= 10
    for sql in many:
        for table in ("accounts_user", "milestones_milestone", "network_contact", "checkins"):
            assert table not in sql


def test_partitions_cover_every_user_exactly_once():
    users = [make_user(checkins=True) for _ in range(9)]
    monday_nine = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    for partition in range(3):
        dispatch(monday_nine, partition=partition, partitions=3)
        recorded = set(Reminder.objects.values_list("user_id", flat=True))
        assert recorded == {u.pk for u in users if u.pk % 3 <= partition}
    for partition in range(3):  # a second beat running the same partitions records nothing more
        dispatch(monday_nine, partition=partition, partitions=3)

    assert sorted(Reminder.objects.values_list("user_id", flat=True)) == sorted(u.pk for u in users)
    assert Delivery.objects.count() == 9
    assert set(DispatcherState.objects.values_list("partition", flat=True)) == {0, 1, 2}


@pytest.mark.parametrize("road", ["service", "bulk update"])
def test_moving_a_milestone_date_moves_its_moment_whatever_the_road(road):
    user = make_user()
    milestone = MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 30))
    dispatch(NINE)
    source = f"milestone:{milestone.pk}"
    assert moment_of(user, source) == datetime.datetime(2026, 3, 23, 9, 0, tzinfo=datetime.UTC)

    if road == "bulk update":
        Milestone.objects.filter(pk=milestone.pk).update(target_date=datetime.date(2026, 3, 8))
    else:
        from apps.milestones.services import milestone_update

        milestone_update(
            milestone=milestone, status=milestone.status, target_date=datetime.date(2026, 3, 8)
        )
    assert MomentChange.objects.filter(user_id=user.pk).exists()
    dispatch(NINE + datetime.timedelta(minutes=1))

    assert not MomentChange.objects.exists()
    # Seven days before 8 March is already past: due at once, recorded, then overdue on the 9th.
    assert Reminder.objects.get().period == f"milestone:{milestone.pk}:2026-03-08"
    assert moment_of(user, source) == datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.UTC)


def test_logging_an_interaction_moves_the_contacts_moment():
    user = make_user()
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        contact = ContactFactory(owner=user, cadence="monthly")
        network_services.contact_refresh_keep_in_touch(contact=contact)
    dispatch(NINE)  # due since 5 February: reminded once
    assert Reminder.objects.filter(kind="contact_due").count() == 1
    assert moment_of(user, f"contact:{contact.pk}") is None

    network_services.interaction_log(contact=contact, date=datetime.date(2026, 3, 4), kind="call")
    dispatch(NINE + datetime.timedelta(minutes=1))

    assert moment_of(user, f"contact:{contact.pk}") == datetime.datetime(
        2026, 4, 4, 9, 0, tzinfo=datetime.UTC
    )
    dispatch(datetime.datetime(2026, 4, 4, 9, 0, tzinfo=datetime.UTC))
    assert Reminder.objects.filter(kind="contact_due").count() == 2


def test_a_pause_stops_the_moments_and_resuming_brings_back_what_is_still_due():
    user = make_user()
    MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 1))
    ReminderPreference.objects.filter(user=user).update(paused=True)
    dispatch(NINE)
    assert not Reminder.objects.exists()
    assert not Moment.objects.filter(user=user, due_at__isnull=False).exists()

    ReminderPreference.objects.filter(user=user).update(paused=False)
    dispatch(NINE + datetime.timedelta(minutes=1))

    assert Reminder.objects.get().kind == "milestone_overdue"


def test_an_unverified_or_deactivated_user_has_no_moments():
    user = make_user()
    MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 20))
    dispatch(NOON)
    assert Moment.objects.filter(user=user).exists()

    type(user).objects.filter(pk=user.pk).update(is_active=False)
    dispatch(NOON + datetime.timedelta(minutes=1))

    assert not Moment.objects.filter(user=user).exists()


def test_retention_deletes_only_old_finished_deliveries_with_their_reminders(settings):
    settings.REMINDER_RETENTION_DAYS = 90
    user = make_user()
    now = timezone.now()
    kept, gone = [], []
    for age, status in [
        (100, "sent"),
        (100, "failed"),
        (100, "pending"),
        (100, "retry"),
        (80, "sent"),
        (1, "sent"),
    ]:
        delivery = Delivery.objects.create(user=user, status=status)
        Delivery.objects.filter(pk=delivery.pk).update(
            created_at=now - datetime.timedelta(days=age)
        )
        Reminder.objects.create(
            user=user, kind="checkin", period=f"p{delivery.pk}", subject="s", delivery=delivery
        )
        (gone if age > 90 and status in ("sent", "failed") else kept).append(delivery.pk)

    assert services.reminders_purge(now=now, batch=1) == 2

    assert sorted(Delivery.objects.values_list("pk", flat=True)) == sorted(kept)
    assert sorted(Reminder.objects.values_list("delivery_id", flat=True)) == sorted(kept)


def test_the_metrics_need_their_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics")).status_code == 404

    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get(reverse("metrics")).status_code == 403
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer wrong").status_code == 403

    user = make_user()
    MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 1))
    dispatch(timezone.now())
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer s3cret-token")

    assert response.status_code == 200
    text = response.content.decode()
    for name in (
        "careerbuilder_reminder_lag_seconds",
        'careerbuilder_reminder_deliveries{status="pending"}',
        'careerbuilder_dispatch_duration_seconds{partition="0"}',
        'careerbuilder_dispatch_last_run_failed{partition="0"} 0.0',
    ):
        assert name in text


def test_healthz_reports_each_partition(client, settings):
    settings.REDIS_URL = ""
    settings.REMINDER_PARTITIONS = 2
    dispatch(timezone.now(), partition=0, partitions=2)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["reminders"] == "error: dispatch partition 1 has never run"
    dispatch(timezone.now(), partition=1, partitions=2)
    assert client.get(reverse("healthz")).status_code == 200


def test_a_run_records_its_duration_and_what_it_recorded():
    make_user(checkins=True)
    dispatch(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))

    state = DispatcherState.objects.get(partition=0)
    assert state.last_recorded == 1
    assert state.last_duration > 0


def test_a_broken_user_is_skipped_and_tried_again_an_hour_later(monkeypatch):
    user, other = make_user(checkins=True), make_user(checkins=True)
    from apps.reminders import moments

    real = moments._work_out_person

    def failing(person, stored, now, only=None):
        if person.user.pk == user.pk:
            raise ValueError("unusable row")
        return real(person, stored, now, only)

    monkeypatch.setattr(moments, "_work_out_person", failing)
    monday_nine = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    run = engine.run(engine.Run(now=monday_nine))

    assert run.skipped == [user.pk]
    assert list(Reminder.objects.values_list("user_id", flat=True)) == [other.pk]
    assert moment_of(user, "retry") == monday_nine + datetime.timedelta(hours=1)


def test_the_admin_shows_the_engine_and_lists_large_tables(client):
    from apps.reminders.admin import LargeTablePaginator

    staff = make_user(checkins=True, is_staff=True, is_superuser=True)
    dispatch(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
    client.force_login(staff)

    page = client.get(reverse("admin:reminders_dispatcherstate_changelist")).content.decode()
    assert "Reminder engine" in page and "Deliveries pending" in page
    for model in ("moment", "reminder", "delivery"):
        response = client.get(reverse(f"admin:reminders_{model}_changelist"))
        assert response.status_code == 200
        assert isinstance(response.context["cl"].paginator, LargeTablePaginator)
    assert LargeTablePaginator(Moment.objects.order_by("pk"), 10).count == Moment.objects.count()
