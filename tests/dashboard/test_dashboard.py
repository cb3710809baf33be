import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.core.today import today_sources
from apps.network import services as network_services
from tests.factories import (
    ContactFactory,
    EventFactory,
    HorizonFactory,
    InteractionFactory,
    JobFactory,
    LearningItemFactory,
    LedgerEntryFactory,
    MilestoneFactory,
    SkillFactory,
    StepFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15 09:00:00+00:00"


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield datetime.date(2026, 6, 15)


def test_the_dashboard_shows_the_north_star(user_client, user):
    HorizonFactory(
        owner=user, years=10, statement="Head of Data somewhere good", is_north_star=True
    )

    page = user_client.get(reverse("dashboard")).content.decode()

    assert "Head of Data somewhere good" in page


def test_the_dashboard_splits_overdue_from_next(user_client, user, frozen_today):
    MilestoneFactory(owner=user, title="Late talk", target_date=datetime.date(2026, 6, 1))
    MilestoneFactory(owner=user, title="Coming course", target_date=datetime.date(2026, 7, 1))

    page = user_client.get(reverse("dashboard")).content.decode()
    overdue = page.split('id="overdue-heading"')[1].split("</section>")[0]
    upcoming = page.split('id="next-heading"')[1].split("</section>")[0]

    assert "Late talk" in overdue and "Late talk" not in upcoming
    assert "Coming course" in upcoming and "Coming course" not in overdue


def test_the_dashboard_counts_stretch_taken_this_year(user_client, user, frozen_today):
    MilestoneFactory(
        owner=user,
        title="Spoke at a meet-up",
        kind="challenge",
        status="done",
        closed_on=datetime.date(2026, 3, 1),
    )
    MilestoneFactory(
        owner=user,
        title="Asked for the budget",
        kind="ownership",
        status="done",
        closed_on=datetime.date(2026, 5, 1),
    )
    MilestoneFactory(
        owner=user,
        title="Last year",
        kind="challenge",
        status="done",
        closed_on=datetime.date(2025, 12, 1),
    )
    MilestoneFactory(
        owner=user,
        title="Just a goal",
        kind="goal",
        status="done",
        closed_on=datetime.date(2026, 5, 1),
    )

    page = user_client.get(reverse("dashboard")).content.decode()
    stretch = page.split('id="stretch-heading"')[1].split("</section>")[0]

    assert '<p class="big-number">2</p>' in stretch
    assert "Last year" not in stretch and "Just a goal" not in stretch


def test_the_dashboard_shows_progress_per_horizon(user_client, user):
    MilestoneFactory(owner=user, horizon=5, status="done", progress=100)
    MilestoneFactory(owner=user, horizon=5, progress=0)

    page = user_client.get(reverse("dashboard")).content.decode()

    assert "1 of 2 done" in page
    assert (
        'aria-label="5 years horizon" aria-valuemin="0" aria-valuemax="100" aria-valuenow="50"'
        in page
    )


def test_the_roadmap_places_milestones_in_their_span(user_client, user, frozen_today):
    MilestoneFactory(owner=user, title="In half a year", target_date=datetime.date(2026, 12, 15))
    MilestoneFactory(
        owner=user, title="In three years", horizon=5, target_date=datetime.date(2029, 6, 15)
    )

    page = user_client.get(reverse("dashboard")).content.decode()
    svg = page.split("<svg")[1].split("</svg>")[0]

    assert "In half a year" in svg and "In three years" in svg
    # half of the first quarter of 960px from x=20 is about 140; halfway from 1 to 5 years, 380
    assert 'cx="140"' in svg or 'cx="141"' in svg
    assert 'cx="380"' in svg or 'cx="379"' in svg


def test_the_dashboard_shows_the_current_job_verdict(user_client, user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on="2025-06-01")
    assert "First entry" in user_client.get(reverse("dashboard")).content.decode()

    LedgerEntryFactory(job=job, recorded_on="2026-01-01")  # a verdict needs a second entry

    assert "Stepping stone" in user_client.get(reverse("dashboard")).content.decode()


def plan_of_size(owner, milestones):
    """`milestones` rows of each kind, to see that a page's queries do not grow with them."""
    HorizonFactory(owner=owner, is_north_star=True)
    for _ in range(3):
        ValueFactory(owner=owner)
    job = JobFactory(owner=owner)
    LedgerEntryFactory(job=job)
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2026, 3, 1))
    for index in range(milestones):
        milestone = MilestoneFactory(
            owner=owner,
            kind=["goal", "challenge", "ownership"][index % 3],
            horizon=[1, 5, 10, 20][index % 4],
            status=["planned", "in_progress", "done"][index % 3],
            target_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=20 * index),
        )
        StepFactory(milestone=milestone)
        skill = SkillFactory(owner=owner)
        item = LearningItemFactory(
            owner=owner,
            kind=["course", "certification"][index % 2],
            expires_on=datetime.date(2026, 7, 1) if index % 2 else None,
            finished_on=datetime.date(2026, 5, 1),
        )
        item.skills.add(skill)
        contact = network_services.contact_create(
            owner=owner, name=f"Person {index}", cadence="monthly", tag_names=["data", f"t{index}"]
        )
        contact.milestones.add(milestone)
        InteractionFactory(contact=contact)
        EventFactory(owner=owner).contacts.add(contact)


# The Today list reads each registered source once on a cold cache (apps/core/today.py), and
# the user's snoozes and whether anyone mentors them.
TODAY_QUERIES = len(today_sources()) + 2

PAGES = [
    ("dashboard", 12 + TODAY_QUERIES),
    ("today", 4 + TODAY_QUERIES),
    ("milestones:index", 8),
    ("vision:index", 10),
    ("vision:jobs", 8),
    ("vision:values", 8),
    ("vision:history", 8),
    ("learning:index", 8),
    ("network:index", 8),
    ("network:reach_out", 8),
    ("network:events", 8),
]


@pytest.mark.parametrize("milestones", [1, 100])
@pytest.mark.parametrize(("name", "max_queries"), PAGES)
def test_page_queries_do_not_grow_with_the_plan(
    user_client, user, django_assert_max_num_queries, milestones, name, max_queries
):
    plan_of_size(user, milestones)

    with django_assert_max_num_queries(max_queries):
        response = user_client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("steps", [1, 50])
def test_milestone_page_queries_do_not_grow_with_its_steps(
    user_client, user, django_assert_max_num_queries, steps
):
    milestone = MilestoneFactory(owner=user)
    for _ in range(steps):
        StepFactory(milestone=milestone)

    with django_assert_max_num_queries(10):
        assert user_client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 200


@pytest.mark.parametrize("interactions", [1, 50])
def test_contact_page_queries_do_not_grow_with_its_history(
    user_client, user, django_assert_max_num_queries, interactions
):
    contact = ContactFactory(owner=user)
    for _ in range(interactions):
        InteractionFactory(contact=contact)
        EventFactory(owner=user).contacts.add(contact)

    with django_assert_max_num_queries(14):
        response = user_client.get(reverse("network:contact_detail", args=[contact.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("skills", [1, 30])
def test_learning_item_page_queries_do_not_grow_with_its_skills(
    user_client, user, django_assert_max_num_queries, skills
):
    item = LearningItemFactory(owner=user, milestone=MilestoneFactory(owner=user))
    item.skills.add(*[SkillFactory(owner=user) for _ in range(skills)])

    with django_assert_max_num_queries(10):
        assert user_client.get(reverse("learning:item_detail", args=[item.pk])).status_code == 200
