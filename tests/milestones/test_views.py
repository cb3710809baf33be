import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.milestones.models import Milestone, Step
from tests.factories import MilestoneFactory, StepFactory

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Present to the leadership team",
    "horizon": 1,
    "kind": "challenge",
    "target_date": "2027-02-01",
    "status": "planned",
    "progress": 0,
    "description": "Five slides, **one** story.",
    "lessons": "",
    "impact": "",
}


def test_creating_a_milestone_opens_it(user_client, user):
    response = user_client.post(reverse("milestones:create"), NEW, follow=True)

    page = response.content.decode()
    assert Milestone.objects.get(owner=user).title == NEW["title"]
    assert "<strong>one</strong>" in page
    assert "Challenge outside my comfort zone" in page


def test_a_milestone_without_a_title_keeps_everything_typed(user_client):
    response = user_client.post(reverse("milestones:create"), {**NEW, "title": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Five slides, **one** story." in page
    assert not Milestone.objects.exists()


def test_a_script_in_the_description_never_reaches_the_page(user_client, user):
    milestone = MilestoneFactory(
        owner=user,
        description=(
            'Hi <script>alert("x")</script> [a](javascript:alert(1)) <img src=x onerror=alert(1)>'
        ),
    )

    page = user_client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()

    description = page.split('class="panel markdown">')[1].split("</section>")[0]
    assert "<script" not in description
    assert 'href="javascript:' not in description
    assert "<img" not in description
    assert "&lt;script&gt;" in description  # shown as text, harmless


def test_the_list_filters_by_horizon_kind_and_status(user_client, user):
    MilestoneFactory(owner=user, title="One-year goal", horizon=1, kind="goal")
    MilestoneFactory(owner=user, title="Five-year challenge", horizon=5, kind="challenge")
    MilestoneFactory(owner=user, title="Done thing", horizon=5, kind="challenge", status="done")

    page = user_client.get(
        reverse("milestones:index"), {"horizon": 5, "kind": "challenge", "status": "open"}
    ).content.decode()

    assert "Five-year challenge" in page
    assert "One-year goal" not in page
    assert "Done thing" not in page


def test_overdue_milestones_stand_out_and_filter(user_client, user):
    with time_machine.travel("2026-06-01 12:00:00+00:00", tick=False):
        MilestoneFactory(owner=user, title="Late one", target_date=datetime.date(2026, 5, 1))
        MilestoneFactory(owner=user, title="Future one", target_date=datetime.date(2026, 9, 1))
        page = user_client.get(reverse("milestones:index"), {"due": "overdue"}).content.decode()

    assert "Late one" in page and "Overdue" in page
    assert "Future one" not in page


def test_the_list_sorts_by_title(user_client, user):
    MilestoneFactory(owner=user, title="Zebra talk")
    MilestoneFactory(owner=user, title="Alpha course")

    page = user_client.get(reverse("milestones:index"), {"sort": "title"}).content.decode()

    assert page.index("Alpha course") < page.index("Zebra talk")


def test_an_unknown_filter_value_shows_all_and_no_error(user_client, user):
    MilestoneFactory(owner=user, title="Still here")

    response = user_client.get(
        reverse("milestones:index"), {"horizon": "banana", "sort": "nonsense"}
    )

    assert response.status_code == 200


def test_quick_status_change_with_htmx_returns_the_updated_row(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]),
        {"status": "in_progress"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<li class="milestone-item')
    assert '<option value="in_progress" selected>' in page
    milestone.refresh_from_db()
    assert milestone.status == "in_progress"


def test_quick_status_change_without_javascript_goes_back_to_the_list(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]),
        {"status": "in_progress", "next": "/milestones/?kind=goal"},
    )

    assert response.status_code == 302
    assert response.url == "/milestones/?kind=goal"


def test_quick_status_change_never_redirects_off_site(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]),
        {"status": "in_progress", "next": "https://evil.example/"},
    )

    assert response.url == reverse("milestones:detail", args=[milestone.pk])


def test_an_unknown_status_is_a_400_with_a_reason(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]), {"status": "finished"}
    )

    assert response.status_code == 400
    assert b"Choose one of the listed statuses." in response.content


def test_ticking_a_step_with_htmx_updates_the_steps_block(user_client, user):
    milestone = MilestoneFactory(owner=user)
    step = StepFactory(milestone=milestone)
    StepFactory(milestone=milestone)

    response = user_client.post(
        reverse("milestones:step_toggle", args=[step.pk]), {"done": "true"}, HTTP_HX_REQUEST="true"
    )

    assert 'id="steps"' in response.content.decode()
    assert "50%" in response.content.decode()
    assert Step.objects.get(pk=step.pk).done


def test_ticking_a_step_without_javascript_reloads_the_milestone(user_client, user):
    step = StepFactory(milestone=MilestoneFactory(owner=user))

    response = user_client.post(reverse("milestones:step_toggle", args=[step.pk]), {"done": "true"})

    assert response.status_code == 302
    assert response.url == reverse("milestones:detail", args=[step.milestone_id])


def test_an_empty_step_shows_the_error_next_to_the_field(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:step_create", args=[milestone.pk]),
        {"title": ""},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Step.objects.exists()


def test_editing_a_milestone_with_steps_hides_manual_progress(user_client, user):
    step = StepFactory(milestone=MilestoneFactory(owner=user))

    page = user_client.get(reverse("milestones:edit", args=[step.milestone_id])).content.decode()

    assert 'name="progress"' not in page
    assert "Progress follows the steps" in page


def test_closing_a_milestone_asks_for_the_reflection(user_client, user):
    milestone = MilestoneFactory(owner=user)
    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]),
        {"status": "done", "next": "/milestones/?kind=goal"},
    )

    # asked at once, on its page, whatever page it was closed from
    assert response.url == reverse("milestones:detail", args=[milestone.pk]) + "#reflection"
    page = user_client.get(response.url).content.decode()
    assert 'id="reflection"' in page and 'name="lessons"' in page and 'name="impact"' in page


def test_deleting_a_milestone_removes_its_steps(user_client, user):
    step = StepFactory(milestone=MilestoneFactory(owner=user))

    user_client.post(reverse("milestones:delete", args=[step.milestone_id]))

    assert not Milestone.objects.exists() and not Step.objects.exists()
