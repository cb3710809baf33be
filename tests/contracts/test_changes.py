"""What changed since a moment, gathered through each area's registered provider: every
shareable area has one, and a mentor's view of a mentee shows only the shared areas' changes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.checkins.selectors import since_last_checkin
from apps.core.changes import PROVIDERS, changes_since
from apps.mentoring import services as mentoring_services
from apps.milestones import services as milestone_services
from apps.sharing.areas import SHAREABLE_AREAS
from apps.vision import services as vision_services
from tests.factories import UserFactory
from tests.worlds import world

pytestmark = pytest.mark.django_db


def test_every_shareable_area_tells_what_changed():
    registered = {change_area for change_area in PROVIDERS}
    assert {area.key for area in SHAREABLE_AREAS} <= registered | {"comments"}
    assert {area.key for area in SHAREABLE_AREAS} - {"comments"} <= registered


def test_a_week_of_a_full_plan_tells_its_story():
    sample, users = world()
    milestone_services.milestone_update(
        milestone=sample.milestone, status="done", target_date=datetime.date(2027, 3, 1)
    )

    changes = changes_since(
        owner_id=users["owner"].pk, since=timezone.now() - datetime.timedelta(days=7)
    )

    summaries = [change.summary for change in changes]
    assert "Done: Speak at PyData" in summaries
    assert "Moved to 01 Mar 2027: Speak at PyData" in summaries
    assert any(summary.startswith("Checked in: 4/5") for summary in summaries)
    assert any(summary.endswith("commented") for summary in summaries)
    assert [s for s in summaries if s.startswith("Changed the vision")] == [
        "Changed the vision: 1 year, 5 years, 10 years and 6 more"
    ]
    assert "Added: Speak at PyData" in summaries
    assert "Added to the network: Amara Nwosu" in summaries
    assert "Added to learning: Cloud data engineer" in summaries
    assert "Added to the career history: Senior analyst at Northwind" in summaries


def test_the_mentor_sees_only_what_is_shared(client):
    sample, users = world()
    mentorship = sample.mentorship
    mentorship.share_checkins = False
    mentorship.save()
    mentoring_services.comment_create(author=users["owner"], item=sample.milestone, body="And?")
    client.force_login(users["mentor"])

    page = client.get(reverse("mentoring:mentee", args=[users["owner"].pk])).content.decode()

    week = page.split("The last seven days")[1].split("</section>")[0]
    assert "Changed the vision" in week
    assert f"{users['owner'].get_short_name()} commented" in week
    assert f"{users['mentor'].get_short_name()} commented" not in week  # his own: no news
    assert "Checked in" not in week


def test_nobody_is_told_of_their_own_comment_as_news():
    sample, users = world()  # the mentor commented on the milestone
    owner, mentor = users["owner"], users["mentor"]
    mentoring_services.comment_create(author=owner, item=sample.milestone, body="Thanks!")
    since = timezone.now() - datetime.timedelta(days=7)

    def commenters(viewer):
        changes = changes_since(owner_id=owner.pk, since=since, viewer_id=viewer.pk)
        return {c.summary for c in changes if c.summary.endswith("commented")}

    assert commenters(owner) == {f"{mentor.get_short_name()} commented"}
    assert commenters(mentor) == {f"{owner.get_short_name()} commented"}
    recap = since_last_checkin(owner=owner, now=timezone.now())
    assert f"{owner.get_short_name()} commented" not in {c.summary for c in recap}


def test_a_vision_saved_five_times_is_one_line_that_says_what_changed():
    owner = UserFactory()
    value = vision_services.value_create(owner=owner, name="Care", meaning="")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        since = timezone.now()
    with time_machine.travel(since + datetime.timedelta(minutes=5)):
        for attempt in range(5):
            vision_services.vision_update(
                owner=owner,
                beyond_the_paycheck="",
                north_star=None,
                horizons={5: {"statement": f"Lead a team, take {attempt}"}},
            )
        vision_services.value_update(value=value, name="Care", meaning="For patients first")

        changes = changes_since(owner_id=owner.pk, since=since)

    assert [change.summary for change in changes] == ["Changed the vision: 5 years, Value “Care”"]
