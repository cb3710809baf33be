"""An opportunity with no move for the days its owner chose, and a next action falling due, each
reach the reminder email once, through a real Celery worker and SMTP server."""

import datetime

import pytest
import time_machine

from apps.checkins.models import CheckInRhythm
from apps.opportunities import services
from apps.reminders import services as reminder_services
from apps.reminders.models import Delivery, Reminder, ReminderPreference
from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def nine(day: str):
    return time_machine.travel(f"{day} 09:00:00+00:00", tick=False)


def test_a_stalled_opportunity_is_reminded_once_per_move(celery_worker, smtp_server):
    smtp_server.reset()
    with nine("2026-02-16"):
        owner = UserFactory(time_zone="UTC")
        CheckInRhythm.objects.create(user=owner, checkin_cadence="off", checkin_hour=9)
        ReminderPreference.objects.create(
            user=owner, comments="off", quiet_from=None, quiet_until=None
        )
        opportunity = services.opportunity_create(
            owner=owner,
            on=datetime.date(2026, 2, 16),
            title="Product manager",
            organisation="Healthwise",
            next_action_on=datetime.date(2026, 6, 1),
        )

    for day in ("2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03"):  # due on the 2nd
        with nine(day):
            reminder_services.reminders_dispatch()
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 1)
    [message] = smtp_server.messages
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert "No move since 16 Feb: Product manager" in body
    assert message["Subject"] == "[careerbuilder] No move since 16 Feb: Product manager"

    with nine("2026-03-03"):
        services.opportunity_move(
            opportunity=opportunity,
            stage="applied",
            on=datetime.date(2026, 3, 3),
            today=datetime.date(2026, 3, 3),
            next_action_on=datetime.date(2026, 6, 1),
        )
    for day in ("2026-03-16", "2026-03-17", "2026-03-17"):
        with nine(day):
            reminder_services.reminders_dispatch()
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 2)
    assert Reminder.objects.filter(user=owner, kind="opportunity_stalled").count() == 2
    assert not Reminder.objects.filter(user=owner, kind="opportunity_action").exists()


def test_a_next_action_is_reminded_on_its_day_and_the_switch_turns_both_off(
    celery_worker, smtp_server
):
    smtp_server.reset()
    with nine("2026-02-16"):
        owner = UserFactory(time_zone="UTC")
        CheckInRhythm.objects.create(user=owner, checkin_cadence="off", checkin_hour=9)
        preference = ReminderPreference.objects.create(
            user=owner, comments="off", quiet_from=None, quiet_until=None
        )
        services.opportunity_create(
            owner=owner,
            on=datetime.date(2026, 2, 16),
            title="Stretch: lead the audit",
            kind="stretch",
            next_action="Ask Sam",
            next_action_on=datetime.date(2026, 2, 20),
            stall_after_days=60,
        )
    for day in ("2026-02-20", "2026-02-20", "2026-02-21"):
        with nine(day):
            reminder_services.reminders_dispatch()
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 1)
    text = smtp_server.messages[0].get_payload()[0].get_payload(decode=True).decode()
    assert "Next action due: Stretch: lead the audit" in text

    preference.opportunities = False
    preference.save()
    for day in ("2026-04-17", "2026-04-18"):  # 60 days without a move: switched off
        with nine(day):
            reminder_services.reminders_dispatch()
    assert Reminder.objects.filter(user=owner).count() == 1
