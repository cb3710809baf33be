"""What changed since a moment, gathered through each area's registered provider: every
shareable area has one, and a mentor's view of a mentee shows only the shared areas' changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.changes import PROVIDERS, changes_since
from apps.milestones import services as milestone_services
from apps.sharing.areas import SHAREABLE_AREAS
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
    assert "Changed the vision" in summaries


def test_the_mentor_sees_only_what_is_shared(client):
    sample, users = world()
    mentorship = sample.mentorship
    mentorship.share_checkins = False
    mentorship.save()
    client.force_login(users["mentor"])

    page = client.get(reverse("mentoring:mentee", args=[users["owner"].pk])).content.decode()

    week = page.split("The last seven days")[1].split("</section>")[0]
    assert "Changed the vision" in week and "commented" in week
    assert "Checked in" not in week
