"""The year in review: on 15 December, one email with the year in short (counts and words that
are true of the plan) and a link to make the year's brag document; once a year, through a real
Celery worker and SMTP server, and not at all when switched off or for an empty year."""

import datetime

import pytest
import time_machine

from apps.checkins import services as checkin_services
from apps.checkins.models import CheckInRhythm
from apps.learning import services as learning_services
from apps.milestones import services as milestone_services
from apps.network import services as network_services
from apps.record.selectors import year_in_brief
from apps.reminders import services as reminder_services
from apps.reminders.models import Delivery, Reminder, ReminderPreference
from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def nine(day: str):
    return time_machine.travel(f"{day} 09:00:00+00:00", tick=False)


def _person(**preference):
    owner = UserFactory(time_zone="UTC")
    CheckInRhythm.objects.create(user=owner, checkin_cadence="off", checkin_hour=9)
    ReminderPreference.objects.create(
        user=owner,
        comments="off",
        contact_due=False,
        quiet_from=None,
        quiet_until=None,
        **preference,
    )
    return owner


def _year(owner):
    """2026: three milestones done (one a stretch), 9.5 hours of learning, two coffees with
    one person, and check-ins from 2/5 in spring to 4/5 in autumn."""
    for day, kind in (("2026-03-02", "challenge"), ("2026-05-04", "goal"), ("2026-10-01", "goal")):
        with nine(day):
            milestone = milestone_services.milestone_create(
                owner=owner, title=f"Done on {day}", horizon=1, kind=kind
            )
            milestone_services.milestone_set_status(milestone=milestone, status="done")
    learning_services.learning_item_create(
        owner=owner,
        title="Negotiation",
        status="done",
        hours_spent="9.5",
        finished_on=datetime.date(2026, 4, 1),
    )
    contact = network_services.contact_create(owner=owner, name="Amara", cadence="monthly")
    with nine("2026-11-30"):
        for day in (datetime.date(2026, 2, 1), datetime.date(2026, 9, 1)):
            network_services.interaction_log(contact=contact, date=day, kind="coffee")
    for day, score in (("2026-04-01", 2), ("2026-05-01", 2), ("2026-10-01", 4), ("2026-11-01", 4)):
        with nine(day):
            checkin_services.checkin_create(
                owner=owner, north_star_progress=3, job_or_career=score, mood=3
            )


def test_the_year_in_short_is_true_of_the_plan(db):
    owner = _person()
    _year(owner)

    assert year_in_brief(owner=owner, year=2026) == [
        "Milestones done: 3, 1 of them stretch challenges.",
        "Learning finished: 1 item, 9.5 hours.",
        "Conversations with your network: 2, with 1 person.",
        "Check-ins: 4; “job or career?” went from 2.0 to 4.0, trending up.",
    ]
    assert year_in_brief(owner=owner, year=2025)[0] == (
        "Milestones done: 0, 0 of them stretch challenges."
    )


def test_one_email_on_15_december_with_the_year_and_a_link(celery_worker, smtp_server):
    smtp_server.reset()
    owner = _person()
    _year(owner)
    quiet = _person()  # nothing this year: no email

    for day in ("2026-12-14", "2026-12-15", "2026-12-15", "2026-12-16", "2026-12-31"):
        with nine(day):
            reminder_services.reminders_dispatch()

    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 1)
    [message] = smtp_server.messages
    assert message["Subject"] == "[careerbuilder] Your 2026 in review"
    assert message["To"] == owner.email
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert "Milestones done: 3, 1 of them stretch challenges." in body
    assert "went from 2.0 to 4.0, trending up." in body
    assert "/record/new/?purpose=my_review&period=dates&start=2026-01-01&end=2026-12-31" in body
    assert Reminder.objects.filter(user=owner, kind="year_review").count() == 1
    assert not Reminder.objects.filter(user=quiet).exists()


def test_switched_off_in_the_settings_no_review_comes(celery_worker, smtp_server):
    smtp_server.reset()
    owner = _person(year_review=False)
    _year(owner)

    for day in ("2026-12-15", "2026-12-16"):
        with nine(day):
            reminder_services.reminders_dispatch()

    assert not Reminder.objects.filter(user=owner).exists()


def test_the_link_opens_the_form_filled_for_the_year(client):
    owner = UserFactory()
    client.force_login(owner)

    response = client.get(
        "/record/new/?purpose=my_review&period=dates&start=2026-01-01&end=2026-12-31"
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial == {
        "purpose": "my_review",
        "period": "dates",
        "start": "2026-01-01",
        "end": "2026-12-31",
    }
    assert not owner.brag_documents.exists()  # a GET changes nothing
