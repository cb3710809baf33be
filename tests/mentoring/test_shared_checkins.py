"""A mentee's check-in reaches the mentors it is shared with: in the app and in their next
digest email, in short, with a link to answer it, so that a mentor's reply is the reward."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.checkins.models import CheckInRhythm
from apps.checkins.services import checkin_create
from apps.mentoring.models import Notification
from apps.mentoring.services import comment_create
from apps.reminders import services
from apps.reminders.models import ReminderPreference
from apps.sharing.models import Mentorship
from tests.factories import MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_NINE_LONDON = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people():
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        maya = UserFactory(display_name="Maya", time_zone="Europe/London")
        ada, lin = (UserFactory(time_zone="Europe/London") for _ in range(2))
    MentorshipFactory(mentee=maya, mentor=ada)  # shares everything, check-ins too
    MentorshipFactory(mentee=maya, mentor=lin, share_checkins=False)
    for user in (maya, ada, lin):
        CheckInRhythm.objects.create(user=user, checkin_cadence="off")
        ReminderPreference.objects.create(
            user=user, comments="daily", quiet_from=None, quiet_until=None
        )
    return maya, ada, lin


def check_in(maya):
    with time_machine.travel(MONDAY_NINE_LONDON - datetime.timedelta(hours=3), tick=False):
        return checkin_create(
            owner=maya, north_star_progress=4, job_or_career=3, next_step="Ask for the data role"
        )


def test_the_mentors_digest_carries_the_shared_check_in_with_a_link_to_answer(smtp, people):
    maya, ada, _ = people
    checkin = check_in(maya)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [ada.pk]
    with time_machine.travel(MONDAY_NINE_LONDON, tick=False):
        services.reminders_dispatch()
    [digest] = smtp.messages
    assert digest["To"] == ada.email
    assert digest["Subject"] == "[careerbuilder] New check-ins from the people you mentor"
    text = digest.get_payload()[0].get_payload(decode=True).decode()
    assert "Maya, 2 Mar: North Star 4/5, career 3/5; next: Ask for the data role" in text
    assert f"/checkins/{checkin.pk}/#comments" in text
    html = digest.get_payload()[1].get_payload(decode=True).decode()
    assert "Check-ins shared with you" in html
    with time_machine.travel(MONDAY_NINE_LONDON + datetime.timedelta(days=1), tick=False):
        services.reminders_dispatch()
    assert len(smtp.messages) == 1  # told once


def test_the_check_in_waits_on_the_mentors_comments_page_until_opened(client, people):
    maya, ada, _ = people
    checkin = check_in(maya)
    client.force_login(ada)
    page = client.get(reverse("mentoring:comments")).content.decode()
    assert "Check-ins shared with you" in page and f"/checkins/{checkin.pk}/#comments" in page

    client.post(reverse("mentoring:comments_read"), {"kind": "checkin", "pk": checkin.pk})

    assert (
        "Check-ins shared with you"
        not in client.get(reverse("mentoring:comments")).content.decode()
    )


def test_a_check_in_no_longer_shared_is_not_told(smtp, people):
    maya = people[0]
    check_in(maya)
    Mentorship.objects.filter(mentee=maya).update(share_checkins=False)
    with time_machine.travel(MONDAY_NINE_LONDON, tick=False):
        services.reminders_dispatch()
    for message in smtp.messages:
        assert (
            "Ask for the data role"
            not in message.get_payload()[0].get_payload(decode=True).decode()
        )


def test_the_mentors_answer_is_in_what_happened_since_the_last_check_in(client, people):
    from apps.mentoring.services import comment_create

    maya, ada, _ = people
    checkin = check_in(maya)
    comment_create(author=ada, item=checkin, body="Great step, Maya: who owns the data role?")
    client.force_login(maya)

    page = client.get(reverse("checkins:create")).content.decode()

    assert f"{ada.get_short_name()} commented" in page


def test_each_badge_on_the_mentors_page_counts_what_it_names(client, people):
    """A world whose truth is known: six shared check-ins and one comment waiting for Ada; Lin,
    who is not shared check-ins, has the comment only."""
    maya, ada, lin = people
    for days in range(6):
        with time_machine.travel(datetime.datetime(2026, 2, 1 + days, 9, tzinfo=datetime.UTC)):
            checkin_create(owner=maya, north_star_progress=3, job_or_career=3)
    comment_create(author=maya, item=MilestoneFactory(owner=maya), body="What do you think?")

    client.force_login(ada)
    page = client.get(reverse("mentoring:index")).content.decode()
    assert "1 new comment<" in page and "6 new check-ins<" in page
    client.force_login(lin)
    page = client.get(reverse("mentoring:index")).content.decode()
    assert "1 new comment<" in page and "new check-in" not in page


def test_shared_check_ins_wait_newest_first(client, people):
    maya, ada, _ = people
    for day in (30, 31):
        with time_machine.travel(datetime.datetime(2026, 1, day, 9, tzinfo=datetime.UTC)):
            checkin_create(owner=maya, north_star_progress=3, job_or_career=3)
    client.force_login(ada)
    page = client.get(reverse("mentoring:comments")).content.decode()
    assert page.index("31 Jan 2026") < page.index("30 Jan 2026")


def test_a_check_in_the_mentor_answered_waits_nowhere_and_no_digest_offers_it(client, smtp, people):
    maya, ada, _ = people
    checkin = check_in(maya)
    comment_create(author=ada, item=checkin, body="Good step: ask Lin too.")

    client.force_login(ada)
    assert (
        "Check-ins shared with you"
        not in client.get(reverse("mentoring:comments")).content.decode()
    )
    assert "new check-in" not in client.get(reverse("mentoring:index")).content.decode()
    with time_machine.travel(MONDAY_NINE_LONDON, tick=False):
        services.reminders_dispatch()
    for message in smtp.messages:  # Maya hears of the answer; Ada is offered nothing to answer
        assert message["To"] != ada.email or "Answer" not in message.as_string()
