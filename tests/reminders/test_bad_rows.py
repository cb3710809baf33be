"""One account's bad row never stops anyone else's reminders, and a failing dispatcher shows.

The database now refuses an impossible hour on every road (form, import, admin, a bulk update),
so these tests write one the way an older version could: past a constraint dropped inside the
test's own transaction (PostgreSQL's DDL is transactional, so it is back afterwards)."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.checkins.models import CheckInRhythm
from apps.reminders import services
from apps.reminders.models import DispatcherState, Reminder, ReminderPreference
from tests.conftest import require_service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY_NINE_UTC = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def postgresql():
    require_service(connection.vendor == "postgresql", "this needs PostgreSQL's transactional DDL")


@pytest.fixture
def two_people():
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        return UserFactory(time_zone="UTC"), UserFactory(time_zone="UTC")


def test_the_database_refuses_an_impossible_hour_whatever_the_road(two_people):
    broken, _fine = two_people
    rhythm = CheckInRhythm.objects.create(user=broken)
    preference = ReminderPreference.objects.create(user=broken)

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInRhythm.objects.filter(pk=rhythm.pk).update(checkin_hour=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderPreference.objects.filter(pk=preference.pk).update(quiet_from=99)


def test_a_user_whose_settings_cannot_be_read_is_skipped_and_counted(postgresql, two_people):
    broken, fine = two_people
    rhythm = CheckInRhythm.objects.create(user=broken)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events to block it
        cursor.execute(
            "ALTER TABLE checkins_checkinrhythm DROP CONSTRAINT checkin_rhythm_hour_0_to_23"
        )
    CheckInRhythm.objects.filter(pk=rhythm.pk).update(checkin_hour=99)

    with time_machine.travel(MONDAY_NINE_UTC, tick=False):
        services.reminders_dispatch()

    assert list(Reminder.objects.values_list("user_id", flat=True)) == [fine.pk]
    state = DispatcherState.objects.get()
    assert state.users_skipped == 1 and state.last_run_at == MONDAY_NINE_UTC


@pytest.fixture
def reminders_cannot_be_recorded(postgresql):
    """Every insert of a reminder fails, outside any test transaction (as in production, where
    the dispatcher runs in autocommit and must still record its failure)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE reminders_reminder ADD CONSTRAINT nothing_goes CHECK (false) NOT VALID"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE reminders_reminder DROP CONSTRAINT nothing_goes")


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_dispatcher_whose_last_run_failed(
    reminders_cannot_be_recorded, two_people, client
):
    with time_machine.travel(MONDAY_NINE_UTC, tick=False), pytest.raises(IntegrityError):
        services.reminders_dispatch()

    with time_machine.travel(MONDAY_NINE_UTC + datetime.timedelta(seconds=30), tick=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["reminders"].startswith(
        "error: the reminder dispatcher's last run failed: IntegrityError"
    )


def test_a_run_that_works_again_clears_the_failure(two_people, client):
    DispatcherState.objects.create(
        pk=1, last_failed_at=MONDAY_NINE_UTC, last_error="IntegrityError: earlier"
    )

    with time_machine.travel(MONDAY_NINE_UTC + datetime.timedelta(minutes=1), tick=False):
        services.reminders_dispatch()
        response = client.get(reverse("healthz"))

    assert response.json()["checks"]["reminders"] == "ok"
