import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.learning import selectors, services
from apps.learning.models import LearningItem, Skill
from tests.factories import LearningItemFactory, MilestoneFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel("2026-06-10 10:00:00+00:00", tick=False):
        yield datetime.date(2026, 6, 10)


def test_a_skill_links_to_a_horizon_and_a_milestone(user):
    milestone = MilestoneFactory(owner=user)

    skill = services.skill_create(
        owner=user, name="SQL", current_level=2, target_level=5, horizon=5, milestone=milestone
    )

    assert (skill.gap, skill.milestone) == (3, milestone)


def test_a_skill_cannot_serve_another_users_milestone(user, other_user):
    with pytest.raises(ValidationError):
        services.skill_create(
            owner=user,
            name="SQL",
            current_level=1,
            target_level=2,
            milestone=MilestoneFactory(owner=other_user),
        )


def test_levels_are_from_one_to_five(user):
    with pytest.raises(ValidationError):
        services.skill_create(owner=user, name="SQL", current_level=0, target_level=6)


def test_the_same_skill_name_twice_is_refused_on_the_form(user_client, user):
    SkillFactory(owner=user, name="Public speaking")

    response = user_client.post(
        reverse("learning:skill_create"),
        {"name": "public speaking", "current_level": 1, "target_level": 3},
    )

    assert "You already track a skill with that name." in response.content.decode()
    assert Skill.objects.filter(owner=user).count() == 1


def test_the_skills_picture_shows_current_against_target(user_client, user):
    SkillFactory(owner=user, name="Negotiation", current_level=2, target_level=4)

    page = user_client.get(reverse("learning:index")).content.decode()

    assert 'aria-label="Negotiation: level 2 of 5 now, aiming for 4"' in page
    scale = page.split('aria-label="Negotiation: level 2 of 5 now, aiming for 4">')[1].split(
        "</div>"
    )[0]
    assert scale.count("is-current") == 2 and scale.count("is-target") == 2


def test_a_learning_item_builds_skills_and_serves_a_milestone(user_client, user):
    skill = SkillFactory(owner=user)
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("learning:item_create"),
        {
            "title": "dbt Fundamentals",
            "kind": "course",
            "provider": "dbt Labs",
            "link": "https://learn.getdbt.com",
            "status": "in_progress",
            "hours_spent": "4.5",
            "started_on": "2026-05-01",
            "skills": [skill.pk],
            "milestone": milestone.pk,
        },
    )

    item = LearningItem.objects.get(owner=user)
    assert response.url == reverse("learning:item_detail", args=[item.pk])
    assert list(item.skills.all()) == [skill]
    assert item.hours_spent == Decimal("4.5")


def test_a_certification_cannot_expire_before_it_is_issued(user_client, user):
    response = user_client.post(
        reverse("learning:item_create"),
        {
            "title": "AWS",
            "kind": "certification",
            "status": "done",
            "hours_spent": 0,
            "issued_on": "2026-05-01",
            "expires_on": "2026-01-01",
        },
    )

    assert "A certification cannot expire before it is issued." in response.content.decode()
    assert not LearningItem.objects.exists()


def test_only_certifications_expire(user_client):
    response = user_client.post(
        reverse("learning:item_create"),
        {
            "title": "A book",
            "kind": "book",
            "status": "done",
            "hours_spent": 0,
            "expires_on": "2027-01-01",
        },
    )

    assert "Only certifications expire." in response.content.decode()


def test_negative_hours_are_refused(user_client):
    response = user_client.post(
        reverse("learning:item_create"),
        {"title": "A talk", "kind": "talk", "status": "done", "hours_spent": "-2"},
    )

    assert response.status_code == 200
    assert not LearningItem.objects.exists()


def test_certifications_expiring_soon_are_flagged(user_client, user, today):
    LearningItemFactory(
        owner=user, kind="certification", title="Scrum Master", expires_on=datetime.date(2026, 7, 1)
    )
    LearningItemFactory(
        owner=user, kind="certification", title="Old cert", expires_on=datetime.date(2026, 1, 1)
    )
    LearningItemFactory(
        owner=user, kind="certification", title="Far cert", expires_on=datetime.date(2028, 1, 1)
    )

    page = user_client.get(reverse("learning:index")).content.decode()

    assert "Expires 1 Jul 2026" in page
    assert "Expired 1 Jan 2026" in page
    assert [c.title for c in selectors.certifications_expiring(owner=user, today=today)] == [
        "Scrum Master"
    ]


def test_the_learning_log_counts_hours_and_items_per_month(user, today):
    LearningItemFactory(
        owner=user,
        hours_spent=10,
        started_on=datetime.date(2026, 1, 5),
        finished_on=datetime.date(2026, 3, 2),
    )
    LearningItemFactory(
        owner=user, hours_spent=2.5, started_on=datetime.date(2026, 3, 20), finished_on=None
    )
    LearningItemFactory(
        owner=user,
        hours_spent=99,
        started_on=datetime.date(2024, 1, 1),
        finished_on=datetime.date(2024, 2, 1),
    )

    log = {month.month: month for month in selectors.learning_log(owner=user, today=today)}

    assert len(log) == 12
    assert min(log) == datetime.date(2025, 7, 1) and max(log) == datetime.date(2026, 6, 1)
    assert (log[datetime.date(2026, 3, 1)].hours, log[datetime.date(2026, 3, 1)].items) == (
        Decimal("12.5"),
        2,
    )
    assert sum(month.hours for month in log.values()) == Decimal("12.5")


def test_the_learning_page_draws_the_log(user_client, user, today):
    LearningItemFactory(
        owner=user,
        hours_spent=8,
        finished_on=datetime.date(2026, 5, 20),
        started_on=datetime.date(2026, 5, 1),
    )

    page = user_client.get(reverse("learning:index")).content.decode()

    assert "May: 8 hours, 1 item" in page


def test_learning_filters_by_kind_and_status(user_client, user):
    LearningItemFactory(owner=user, title="A course", kind="course", status="done")
    LearningItemFactory(owner=user, title="A book", kind="book", status="planned")

    page = user_client.get(reverse("learning:index"), {"kind": "book"}).content.decode()

    assert "A book" in page and "A course" not in page


def test_the_dashboard_shows_learning_and_expiring_certifications(user_client, user, today):
    LearningItemFactory(owner=user, title="Statistics course", status="in_progress")
    LearningItemFactory(
        owner=user,
        kind="certification",
        title="PMP",
        status="done",
        expires_on=datetime.date(2026, 7, 20),
    )

    page = user_client.get(reverse("dashboard")).content.decode()

    assert "Statistics course" in page
    assert "Certifications expiring within 60 days" in page and "PMP" in page
