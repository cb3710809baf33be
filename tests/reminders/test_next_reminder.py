"""The profile and the reminder settings say when the next reminder comes, in the user's time."""

import datetime

import pytest
from django.urls import reverse

from apps.reminders.models import Moment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["accounts:profile", "reminders:preferences"])
def test_the_next_reminder_in_local_time(client, page):
    user = UserFactory(time_zone="America/New_York")
    Moment.objects.create(
        user=user,
        source="checkin",
        due_at=datetime.datetime(2026, 12, 11, 14, 0, tzinfo=datetime.UTC),
    )
    Moment.objects.create(
        user=user,
        source="contact:1",
        due_at=datetime.datetime(2026, 12, 20, 14, 0, tzinfo=datetime.UTC),
    )
    Moment.objects.create(user=user, source="digest", due_at=None)
    client.force_login(user)

    html = client.get(reverse(page)).content.decode()

    assert (
        "Your next reminder: Friday 11 December, 09:00 (America/New_York), check-in reminders."
        in html
    )


def test_no_reminder_coming_says_so(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("reminders:preferences")).content.decode()
    assert "No reminder is coming" in html
