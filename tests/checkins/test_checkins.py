import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.checkins import selectors
from apps.checkins.models import CheckIn, CheckInRhythm
from apps.mentoring.models import Comment
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone
from apps.milestones.services import milestone_set_status
from tests.factories import CheckInFactory, MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "north_star_progress": 4,
    "job_or_career": 2,
    "learned": "How pricing committees decide",
    "network": "Coffee with Amara",
    "next_step": "Draft the budget proposal",
    "mood": 4,
}


def test_a_check_in_is_saved_and_listed(user_client, user):
    response = user_client.post(reverse("checkins:create"), ANSWERS, follow=True)

    assert CheckIn.objects.get(owner=user).job_or_career == 2
    assert "Check-in saved." in response.content.decode()
    assert "Draft the budget proposal" in response.content.decode()


@pytest.mark.parametrize(("cadence", "days"), [("weekly", 7), ("biweekly", 14), ("off", 7)])
def test_the_next_step_becomes_a_milestone_due_by_the_next_check_in(
    user_client, user, cadence, days
):
    CheckInRhythm.objects.create(user=user, checkin_cadence=cadence)
    user_client.post(reverse("checkins:create"), {**ANSWERS, "next_step_goes_to": "new"})

    milestone = Milestone.objects.get(owner=user)
    assert milestone.title == "Draft the budget proposal"
    assert milestone.target_date == timezone.localdate() + datetime.timedelta(days=days)
    assert CheckIn.objects.get().next_step_milestone == milestone


def test_the_next_step_becomes_a_step_of_the_milestone_picked(user_client, user):
    chosen = MilestoneFactory(owner=user, title="Lead the pricing team")
    with time_machine.travel("2025-01-10 12:00:00+00:00"):
        MilestoneFactory(owner=user, status="done", title="Finished long ago")
    page = user_client.get(reverse("checkins:create")).content.decode()
    assert "A step of “Lead the pricing team”" in page
    assert "Finished long ago" not in page

    user_client.post(reverse("checkins:create"), {**ANSWERS, "next_step_goes_to": chosen.pk})

    [step] = chosen.steps.all()
    assert step.title == "Draft the budget proposal"
    assert step.due_on == timezone.localdate() + datetime.timedelta(days=7)  # by the next one
    assert CheckIn.objects.get().next_step_milestone == chosen
    page = user_client.get(chosen.get_absolute_url()).content.decode()
    assert f"by {step.due_on:%-d %b}" in page
    assert Milestone.objects.filter(owner=user).count() == 2


def test_a_next_step_cannot_go_to_someone_elses_milestone(user_client, user):
    foreign = MilestoneFactory(owner=UserFactory())

    response = user_client.post(
        reverse("checkins:create"), {**ANSWERS, "next_step_goes_to": foreign.pk}
    )

    assert "Select a valid choice." in response.content.decode()
    assert not CheckIn.objects.exists()
    assert not foreign.steps.exists()


def test_making_the_milestone_twice_makes_one(user_client, user):
    checkin = CheckInFactory(owner=user)
    url = reverse("checkins:make_milestone", args=[checkin.pk])

    user_client.post(url)
    user_client.post(url)

    assert Milestone.objects.filter(owner=user).count() == 1


def test_a_scale_out_of_range_is_refused_and_nothing_is_lost(user_client):
    response = user_client.post(reverse("checkins:create"), {**ANSWERS, "job_or_career": 9})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 5." in page
    assert "How pricing committees decide" in page
    assert not CheckIn.objects.exists()


def test_the_trend_is_drawn_after_two_check_ins(user_client, user):
    with time_machine.travel("2026-03-02 10:00:00+00:00"):
        CheckInFactory(owner=user, north_star_progress=2)
    with time_machine.travel("2026-03-09 10:00:00+00:00"):
        CheckInFactory(owner=user, north_star_progress=4)

    page = user_client.get(reverse("checkins:index")).content.decode()

    assert "<polyline" in page
    assert "Toward my North Star, 09 Mar: 4" in page


def test_the_streak_counts_weeks_in_a_row(user):
    for day in ["2026-03-02", "2026-03-10", "2026-03-16"]:
        with time_machine.travel(f"{day} 10:00:00+00:00"):
            CheckInFactory(owner=user)

    assert selectors.streak(owner=user, cadence="weekly", today=datetime.date(2026, 3, 18)) == 3
    assert selectors.streak(owner=user, cadence="weekly", today=datetime.date(2026, 3, 24)) == 3
    assert selectors.streak(owner=user, cadence="weekly", today=datetime.date(2026, 4, 5)) == 0


def test_mentors_see_check_ins_when_shared_and_comment(client, user):
    mentor = UserFactory()
    mentorship = MentorshipFactory(mentee=user, mentor=mentor)
    checkin = CheckInFactory(owner=user)
    client.force_login(mentor)

    assert client.get(reverse("checkins:detail", args=[checkin.pk])).status_code == 200
    client.post(
        reverse("mentoring:comment_create", args=["checkin", checkin.pk]), {"body": "Proud of you"}
    )
    assert Comment.objects.filter(object_id=checkin.pk, area="checkins").count() == 1
    mentorship.share_checkins = False
    mentorship.save()
    assert client.get(reverse("checkins:detail", args=[checkin.pk])).status_code == 404


def test_my_mentees_shows_the_last_check_in(client, user):
    mentor = UserFactory()
    MentorshipFactory(mentee=user, mentor=mentor)
    with time_machine.travel("2026-03-09 10:00:00+00:00"):
        CheckInFactory(owner=user)
    client.force_login(mentor)

    assert "Last check-in: 9 Mar 2026" in client.get(reverse("mentoring:index")).content.decode()


@pytest.mark.parametrize("checkins", [1, 40])
def test_check_in_page_queries_do_not_grow(
    user_client, user, django_assert_max_num_queries, checkins
):
    for _ in range(checkins):
        CheckInFactory(owner=user)

    with django_assert_max_num_queries(9):
        assert user_client.get(reverse("checkins:index")).status_code == 200


def test_a_check_in_opens_with_last_times_commitment_and_answers_it(user_client, user):
    user_client.post(reverse("checkins:create"), ANSWERS)

    page = user_client.get(reverse("checkins:create")).content.decode()
    assert "Last time you said you would: “Draft the budget proposal”. Did it happen?" in page
    user_client.post(
        reverse("checkins:create"),
        {**ANSWERS, "previous_step_outcome": "partly", "next_step": "Send it to Ada"},
    )

    latest = CheckIn.objects.filter(owner=user).first()
    assert (latest.previous_step, latest.previous_step_outcome) == (
        "Draft the budget proposal",
        "partly",
    )
    detail = user_client.get(latest.get_absolute_url()).content.decode()
    assert "Draft the budget proposal · Partly" in detail


@pytest.mark.parametrize("earlier", ["none", "without a next step"])
def test_without_a_commitment_nothing_is_asked(user_client, user, earlier):
    if earlier != "none":
        user_client.post(reverse("checkins:create"), {**ANSWERS, "next_step": ""})

    page = user_client.get(reverse("checkins:create")).content.decode()
    user_client.post(reverse("checkins:create"), {**ANSWERS, "previous_step_outcome": "done"})

    assert "Last time you said you would" not in page
    latest = CheckIn.objects.filter(owner=user).first()
    assert (latest.previous_step, latest.previous_step_outcome) == ("", "")


def test_an_unknown_answer_to_the_commitment_is_refused(user_client, user):
    user_client.post(reverse("checkins:create"), ANSWERS)

    response = user_client.post(
        reverse("checkins:create"), {**ANSWERS, "previous_step_outcome": "maybe"}
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert CheckIn.objects.filter(owner=user).count() == 1


def test_the_check_in_page_tells_what_happened_since_the_last_one(user_client, user):
    before, after = MilestoneFactory(owner=user), MilestoneFactory(owner=user)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=9)):
        milestone_set_status(milestone=before, status="done")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=5)):
        CheckInFactory(owner=user)
    milestone_set_status(milestone=after, status="done")

    page = user_client.get(reverse("checkins:create")).content.decode()

    assert "Since your last check-in" in page
    assert f"Done: {after.title}" in page
    assert f"Done: {before.title}" not in page


def test_steps_ticked_since_the_last_check_in_are_told(user_client, user):
    milestone = MilestoneFactory(owner=user, title="Speak at PyData")
    step = milestone_services.step_create(milestone=milestone, title="Send the abstract")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=3)):
        CheckInFactory(owner=user)
    user_client.post(reverse("milestones:step_toggle", args=[step.pk]), {"done": "true"})

    page = user_client.get(reverse("checkins:create")).content.decode()

    assert "Ticked: Send the abstract (Speak at PyData)" in page


def test_the_check_in_forms_answers_are_rows_of_large_targets(user_client):
    """At 375 px the form fits about one screen: each 1–5 answer, and the mood, is one row."""
    html = user_client.get(reverse("checkins:create")).content.decode()
    for name in ("north_star_progress", "job_or_career", "mood"):
        assert f'<div id="id_{name}" class="scale' in html


def test_the_trend_chart_labels_every_other_date_on_a_phone(user_client, user):
    for weeks in range(12):
        checkin = CheckInFactory(owner=user)
        CheckIn.objects.filter(pk=checkin.pk).update(
            created_at=timezone.now() - datetime.timedelta(weeks=weeks)
        )
    html = user_client.get(reverse("checkins:index")).content.decode()
    labels = re.findall(r'<text [^>]*class="chart-label( chart-label--minor)?">\d\d \w\w\w<', html)
    assert len(labels) == 12
    assert [bool(minor) for minor in labels] == [True, False] * 6  # the newest always shown
