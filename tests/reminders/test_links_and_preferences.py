import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.checkins.models import CheckInRhythm
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Notification
from apps.reminders import services
from apps.reminders.links import make_link
from apps.reminders.models import ReminderPreference
from tests.factories import HorizonFactory, MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_NINE_LONDON = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def maya():
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        return UserFactory(time_zone="Europe/London")


def dispatch(at):
    with time_machine.travel(at, tick=False):
        services.reminders_dispatch()


def path_of(link):
    return link.split("127.0.0.1:8000", 1)[1]


def test_one_click_unsubscribe_stops_that_kind(client, smtp, maya):
    dispatch(MONDAY_NINE_LONDON)
    header = "".join(smtp.messages[0]["List-Unsubscribe"].split()).strip("<>")

    with time_machine.travel(MONDAY_NINE_LONDON + datetime.timedelta(hours=1)):
        response = client.post(path_of(header), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert CheckInRhythm.objects.get(user=maya).checkin_cadence == "off"
    dispatch(MONDAY_NINE_LONDON + datetime.timedelta(days=7))
    assert len(smtp.messages) == 1


def test_opening_an_unsubscribe_link_asks_first(client, maya):
    link = make_link(user=maya, action="unsubscribe", kinds=["contact_due"])

    page = client.get(path_of(link)).content.decode()

    assert "Contacts to reach out to" in page
    assert not ReminderPreference.objects.filter(user=maya).exists()


@pytest.mark.parametrize("tamper", ["forged", "altered", "other action"])
def test_a_forged_or_altered_link_is_refused(client, maya, tamper):
    link = path_of(make_link(user=maya, action="unsubscribe", kinds=["checkin"]))
    if tamper == "forged":
        link = reverse("reminders:unsubscribe", args=["eyJ1IjoxfQ:1abc:forgedsignature"])
    elif tamper == "altered":
        link = link.replace("/unsubscribe/ey", "/unsubscribe/eX")
    else:
        link = path_of(make_link(user=maya, action="snooze")).replace("/snooze/", "/unsubscribe/")

    response = client.post(link)

    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()
    assert not CheckInRhythm.objects.filter(user=maya, checkin_cadence="off").exists()


def test_an_expired_link_is_refused(client, maya):
    with time_machine.travel("2026-01-01 00:00:00+00:00"):
        link = path_of(make_link(user=maya, action="snooze"))

    with time_machine.travel("2026-04-01 00:00:00+00:00"):
        assert client.post(link).status_code == 400


def test_snooze_holds_every_reminder_for_a_week(client, smtp, maya):
    with time_machine.travel(MONDAY_NINE_LONDON - datetime.timedelta(hours=1), tick=False):
        client.post(path_of(make_link(user=maya, action="snooze")))

    dispatch(MONDAY_NINE_LONDON)
    assert not smtp.messages
    dispatch(MONDAY_NINE_LONDON + datetime.timedelta(days=7))
    assert len(smtp.messages) == 1


def test_the_preferences_page_saves_and_validates(user_client, user):
    response = user_client.post(
        reverse("reminders:preferences"),
        {
            "checkin_cadence": "monthly",
            "checkin_weekday": 4,
            "checkin_hour": 18,
            "milestone_days_before": 3,
            "comments": "weekly",
            "quiet_from": 22,
            "quiet_until": "",
        },
    )

    assert "Give both ends of the quiet hours, or neither." in response.content.decode()
    user_client.post(
        reverse("reminders:preferences"),
        {
            "checkin_cadence": "monthly",
            "checkin_weekday": 4,
            "checkin_hour": 18,
            "milestone_days_before": 3,
            "comments": "weekly",
            "quiet_from": 22,
            "quiet_until": 7,
        },
    )
    preference = ReminderPreference.objects.get(user=user)
    rhythm = CheckInRhythm.objects.get(user=user)
    assert (rhythm.checkin_cadence, preference.quiet_from, preference.milestone_due) == (
        "monthly",
        22,
        False,
    )


def test_mentor_comments_arrive_as_a_daily_digest_once(smtp, maya):
    CheckInRhythm.objects.create(user=maya, checkin_cadence="off")
    mentor = UserFactory()
    MentorshipFactory(mentee=maya, mentor=mentor)
    milestone = MilestoneFactory(owner=maya, target_date=None)
    with time_machine.travel(MONDAY_NINE_LONDON - datetime.timedelta(hours=3), tick=False):
        mentoring_services.comment_create(author=mentor, item=milestone, body="One")
        mentoring_services.comment_create(author=mentor, item=milestone, body="Two")

    dispatch(MONDAY_NINE_LONDON - datetime.timedelta(hours=1))  # before her hour: nothing
    assert not smtp.messages
    dispatch(MONDAY_NINE_LONDON)
    dispatch(MONDAY_NINE_LONDON + datetime.timedelta(hours=2))

    assert len(smtp.messages) == 1
    assert "New comments on your plan" in smtp.messages[0]["Subject"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_mentors_digest_is_about_his_mentees_plans(smtp, maya):
    CheckInRhythm.objects.create(user=maya, checkin_cadence="off")
    mentor = UserFactory(time_zone=maya.time_zone)
    CheckInRhythm.objects.create(user=mentor, checkin_cadence="off")
    MentorshipFactory(mentee=maya, mentor=mentor, share_checkins=False)
    milestone = MilestoneFactory(owner=maya, target_date=None)
    with time_machine.travel(MONDAY_NINE_LONDON - datetime.timedelta(hours=3), tick=False):
        mentoring_services.comment_create(author=maya, item=milestone, body="Rehearse on the 12th?")

    dispatch(MONDAY_NINE_LONDON)

    (message,) = smtp.messages
    assert message["To"] == mentor.email
    assert "New comments on your mentees' plans" in message["Subject"]
    assert "your plan" not in message["Subject"].replace("mentees' plans", "")


def test_a_mentor_without_a_plan_gets_no_check_in_until_he_writes_a_horizon(client, smtp, maya):
    CheckInRhythm.objects.create(user=maya, checkin_cadence="off")
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        mentor = UserFactory(time_zone="Europe/London")
        MentorshipFactory(mentee=maya, mentor=mentor)

    dispatch(MONDAY_NINE_LONDON)
    assert not smtp.messages  # no "Your check-in" asking how far he moved toward no North Star
    client.force_login(mentor)
    settings_page = client.get(reverse("reminders:preferences")).content.decode()
    assert "your own check-in reminders have not started" in settings_page
    assert "Start my check-in reminders" in settings_page

    with time_machine.travel(MONDAY_NINE_LONDON + datetime.timedelta(hours=2), tick=False):
        HorizonFactory(owner=mentor, years=5, statement="Coach a data team", is_north_star=True)
    dispatch(MONDAY_NINE_LONDON + datetime.timedelta(days=7))

    (message,) = smtp.messages
    assert message["To"] == mentor.email and "check-in" in message["Subject"]


def test_a_mentor_without_a_plan_can_start_his_check_ins_by_hand(client, maya):
    mentor = UserFactory()
    MentorshipFactory(mentee=maya, mentor=mentor)
    client.force_login(mentor)

    client.post(reverse("reminders:preferences"), {"start_checkins": "1"})

    assert CheckInRhythm.objects.filter(user=mentor, checkin_cadence="weekly").exists()
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Start my check-in reminders" not in page
