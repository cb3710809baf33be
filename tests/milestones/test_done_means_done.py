"""A done milestone is 100% and has no open step, whichever road marks it done: the web's status
button and edit form, the API. Marking done with steps still open asks whether to tick them or
drop them; the mentor, the export and the page then agree."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from apps.dataio import portability
from apps.milestones import services
from apps.milestones.models import Milestone, Step
from tests.factories import MentorshipFactory, MilestoneFactory, StepFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_done(user):
    """Two of four steps ticked: 50%."""
    milestone = MilestoneFactory(owner=user, title="Lead the pricing review", status="in_progress")
    for number in range(4):
        step = services.step_create(milestone=milestone, title=f"Step {number}")
        if number < 2:
            services.step_set_done(step=step, done=True)
    milestone.refresh_from_db()
    assert milestone.progress == 50
    return milestone


def steps(milestone) -> list[tuple[str, bool]]:
    return list(milestone.steps.order_by("position").values_list("title", "done"))


def test_the_service_asks_what_becomes_of_the_open_steps(half_done):
    with pytest.raises(ValidationError) as refused:
        services.milestone_set_status(milestone=half_done, status="done")
    assert "2 steps of “Lead the pricing review” are still open" in str(refused.value)
    half_done.refresh_from_db()
    assert (half_done.status, half_done.progress) == ("in_progress", 50)


@pytest.mark.parametrize(
    ("answer", "left"),
    [
        ("tick", [("Step 0", True), ("Step 1", True), ("Step 2", True), ("Step 3", True)]),
        ("drop", [("Step 0", True), ("Step 1", True)]),
    ],
)
def test_ticked_or_dropped_the_milestone_is_done_at_100(user_client, user, half_done, answer, left):
    mentor = UserFactory()
    MentorshipFactory(mentee=user, mentor=mentor)
    url = reverse("milestones:status", args=[half_done.pk])

    asked = user_client.post(url, {"status": "done"})
    assert asked.url == reverse("milestones:detail", args=[half_done.pk]) + "?close=done#close"
    question = user_client.get(asked.url).content.decode()
    assert (
        "Mark “Lead the pricing review” done?" in question and "2 steps are still open" in question
    )
    assert Milestone.objects.get(pk=half_done.pk).status == "in_progress"  # asking changed nothing

    user_client.post(url, {"status": "done", "open_steps": answer})

    half_done.refresh_from_db()
    assert (half_done.status, half_done.progress) == ("done", 100)
    assert steps(half_done) == left
    [row] = [m for m in portability.export_document(user)["milestones"] if m["id"] == half_done.pk]
    assert (row["status"], row["progress"]) == ("done", 100)
    user_client.force_login(mentor)
    page = user_client.get(reverse("milestones:detail", args=[half_done.pk])).content.decode()
    assert "Done · 100%" in page


def test_the_edit_form_asks_too_and_keeps_what_was_typed(user_client, half_done):
    url = reverse("milestones:edit", args=[half_done.pk])
    data = {
        "title": "Lead the pricing review",
        "horizon": half_done.horizon,
        "kind": half_done.kind,
        "status": "done",
        "description": "Own it end to end.",
        "target_date": "",
    }

    page = user_client.post(url, data).content.decode()
    assert "Tick the open steps or drop them, to mark it done." in page
    assert "Own it end to end." in page
    user_client.post(url, {**data, "open_steps": "drop"})

    half_done.refresh_from_db()
    assert (half_done.status, half_done.progress, len(steps(half_done))) == ("done", 100, 2)


def test_the_api_answers_400_naming_the_open_steps_then_takes_the_answer(user, half_done):
    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/v1/milestones/{half_done.pk}/"

    refused = client.patch(url, {"status": "done"}, format="json")
    assert refused.status_code == 400
    assert "2 steps of “Lead the pricing review” are still open" in refused.json()["open_steps"][0]
    done = client.patch(url, {"status": "done", "open_steps": "tick"}, format="json")
    assert (done.status_code, done.json()["progress"], done.json()["status"]) == (200, 100, "done")


def test_a_step_opened_on_a_done_milestone_makes_it_in_progress_again(user):
    milestone = MilestoneFactory(owner=user)
    step = StepFactory(milestone=milestone, done=True)
    services.milestone_set_status(milestone=milestone, status="done")
    services.step_set_done(step=step, done=False)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress, milestone.closed_on) == ("in_progress", 0, None)

    services.milestone_set_status(milestone=milestone, status="done", open_steps="tick")
    services.step_create(milestone=milestone, title="One more thing")
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("in_progress", 50)


def test_a_done_milestone_without_steps_shows_its_outcome_not_an_empty_steps_prompt(
    user_client, user
):
    milestone = MilestoneFactory(owner=user)
    services.milestone_set_status(milestone=milestone, status="done")
    page = user_client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "No steps yet" not in page and "Add step" not in page
    assert "Outcome" in page


def test_every_road_that_saves_a_done_milestone_saves_it_at_100(user):
    """The model itself, so an import of an older export (done, 50%) agrees too."""
    milestone = Milestone(owner=user, title="Old", horizon=1, status="done", progress=50)
    milestone.full_clean()
    assert milestone.progress == 100
    assert not Step.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_marking_done_with_open_steps_goes_to_the_question(user_client, half_done, htmx):
    """From the list (HTMX swaps a row in place) as from a plain form: the page that asks."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("milestones:status", args=[half_done.pk])

    response = user_client.post(url, {"status": "done"}, **headers)

    question = reverse("milestones:detail", args=[half_done.pk]) + "?close=done#close"
    if htmx:  # a swapped-in row cannot ask: the browser is sent to the page
        assert response.status_code == 200 and response["HX-Redirect"] == question
    else:
        assert response.status_code == 302 and response.url == question
    page = user_client.get(question).content.decode()
    assert "still open" in page and 'value="tick"' in page and 'value="drop"' in page
    half_done.refresh_from_db()
    assert half_done.status == "in_progress"
