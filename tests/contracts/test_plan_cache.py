"""Cached plan pages: fast when nothing changed, never stale when something did."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.cache import ResilientRedisCache, plan_versions
from apps.mentoring.models import Comment
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    HorizonFactory,
    MentorshipFactory,
    MilestoneFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def past() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=3)


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_dashboard_view_reads_nothing_of_the_plan(
    user_client, user, django_assert_max_num_queries
):
    HorizonFactory(owner=user, is_north_star=True)
    MilestoneFactory.create_batch(5, owner=user)
    page(user_client, "dashboard")

    # session and user: the plan, the North Star bar and the unread badge come from the cache
    with django_assert_max_num_queries(2):
        page(user_client, "dashboard")


def test_a_change_shows_at_once_on_every_cached_page(user_client, user):
    milestone = MilestoneFactory(owner=user, title="Give a talk", target_date=past())
    for name in ("dashboard", "milestones:index", "today"):
        assert "Give a talk" in page(user_client, name)

    user_client.post(
        reverse("milestones:edit", args=[milestone.pk]),
        {
            "title": "Give a keynote",
            "target_date": past(),
            "horizon": 1,
            "kind": "goal",
            "status": "planned",
            "progress": 0,
        },
    )

    for name in ("dashboard", "milestones:index", "today"):
        assert "Give a keynote" in page(user_client, name)
    assert "Give a keynote" in page(user_client, "milestones:detail", milestone.pk)


def test_a_ticked_step_updates_the_cached_list(user_client, user):
    milestone = MilestoneFactory(owner=user)
    step = StepFactory(milestone=milestone)
    assert "0/1 steps" in page(user_client, "milestones:index")

    user_client.post(reverse("milestones:step_toggle", args=[step.pk]), {"done": "true"})

    assert "1/1 steps" in page(user_client, "milestones:index")


def test_a_new_contact_and_a_deleted_one_show_in_the_cached_list(user_client, user):
    contact = ContactFactory(owner=user, name="Rosa Parks")
    link = reverse("network:contact_detail", args=[contact.pk])
    assert link in page(user_client, "network:index")

    user_client.post(reverse("network:contact_delete", args=[contact.pk]))
    assert link not in page(user_client, "network:index")


def test_the_mentor_page_follows_each_mentees_plan(client, user, django_user_model):
    mentor = django_user_model.objects.create_user(email="mentor@example.com")
    MentorshipFactory(mentee=user, mentor=mentor)
    client.force_login(mentor)
    assert "none yet" in page(client, "mentoring:index")

    CheckInFactory(owner=user)

    assert "none yet" not in page(client, "mentoring:index")


@pytest.mark.parametrize("name", ["milestones:index", "today"])
def test_each_browser_keeps_its_own_csrf_token_on_a_cached_page(user, name):
    milestone = MilestoneFactory(owner=user, status="planned")
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(user)  # two sessions, two CSRF secrets
    for status, browser in zip(["in_progress", "done"], browsers, strict=True):
        html = page(browser, name)
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        tokens += re.findall(r'"X-CSRFToken": "([^"]+)"', html)
        assert len(tokens) >= 2 and all(len(token) == 64 for token in tokens)  # no slot left

        response = browser.post(
            reverse("milestones:status", args=[milestone.pk]),
            {"status": status, "csrfmiddlewaretoken": tokens[-1]},
        )

        assert response.status_code == 302
        milestone.refresh_from_db()
        assert milestone.status == status


def test_versions_are_per_user_and_change_with_the_plan(user):
    other = MilestoneFactory().owner
    before = plan_versions([user.pk, other.pk])

    MilestoneFactory(owner=user)

    after = plan_versions([user.pk, other.pk])
    assert after.split(":")[0] != before.split(":")[0]
    assert after.split(":")[1] == before.split(":")[1]


def test_an_unreachable_redis_reads_as_an_empty_cache():
    unreachable = ResilientRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )

    unreachable.set("key", "value")
    assert unreachable.get("key", "default") == "default"
    assert unreachable.get_many(["key"]) == {}
    assert unreachable.add("key", "value") is True  # as into an empty cache
    assert unreachable.incr("hits") == 1


@pytest.fixture
def cache_down(settings):
    """The cache pointed at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    cache.close()


def test_pages_render_when_the_cache_is_down(user_client, user, cache_down):
    MilestoneFactory(owner=user, title="Still here")

    for name in ("dashboard", "milestones:index", "network:index", "mentoring:index"):
        assert page(user_client, name)
    assert "Still here" in page(user_client, "milestones:index")


def test_signing_in_works_when_the_cache_is_down(client, user, password, cache_down):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_new_comment_and_its_unread_mark_show_on_a_cached_item_page(
    user_client, user, django_user_model
):
    mentor = django_user_model.objects.create_user(email="mentor@example.com")
    MentorshipFactory(mentee=user, mentor=mentor)
    milestone = MilestoneFactory(owner=user)
    assert "No comments yet." in page(user_client, "milestones:detail", milestone.pk)
    mentor_client = Client()
    mentor_client.force_login(mentor)
    assert "No comments yet." in page(mentor_client, "milestones:detail", milestone.pk)

    mentor_client.post(
        reverse("mentoring:comment_create", args=["milestone", milestone.pk]),
        {"body": "Have you asked **Ana**?"},
    )

    first_view = page(user_client, "milestones:detail", milestone.pk)
    assert "<strong>Ana</strong>" in first_view and "badge--new" in first_view
    user_client.post(reverse("mentoring:comments_read"), {"kind": "milestone", "pk": milestone.pk})
    assert "badge--new" not in page(user_client, "milestones:detail", milestone.pk)
    assert "<strong>Ana</strong>" in page(mentor_client, "milestones:detail", milestone.pk)


def test_the_north_star_bar_follows_a_new_north_star(user_client, user):
    page(user_client, "dashboard")
    page(user_client, "today")

    HorizonFactory(owner=user, statement="Lead a data team", is_north_star=True)

    assert "Lead a data team" in page(user_client, "milestones:index")
    assert "Lead a data team" in page(user_client, "today")


def test_the_cached_today_page_follows_the_name_and_shows_a_message(user_client, user):
    milestone = MilestoneFactory(owner=user, title="Give a talk", target_date=past())
    assert user.get_short_name() in page(user_client, "today")

    user.display_name = "Ngozi"
    user.save()
    assert ">Ngozi</a>" in page(user_client, "today")

    # done without JavaScript: back to Today, which says what was done, once
    response = user_client.post(
        reverse("today_done", args=[f"milestone:{milestone.pk}"]),
        {"next": reverse("today")},
        follow=True,
    )
    assert "Give a talk" in response.content.decode().split('class="messages"')[1]
    assert 'class="messages"' not in page(user_client, "today")


def test_a_cached_today_page_is_one_read_of_the_cache(
    user_client, user, django_assert_max_num_queries
):
    MilestoneFactory(owner=user, title="Give a talk", target_date=past())
    page(user_client, "today")

    with django_assert_max_num_queries(2):  # the session and the user
        assert "Give a talk" in page(user_client, "today")


def test_the_mentors_unread_badge_follows_the_mentees_comments(
    user_client, user, django_user_model
):
    mentor = django_user_model.objects.create_user(email="mentor@example.com")
    MentorshipFactory(mentee=user, mentor=mentor)
    milestone = MilestoneFactory(owner=user)
    mentor_client = Client()
    mentor_client.force_login(mentor)
    # a mentor without a plan of their own lands on their mentees; the badge is on every page
    assert "new: " not in page(mentor_client, "mentoring:index")

    user_client.post(
        reverse("mentoring:comment_create", args=["milestone", milestone.pk]),
        {"body": "I booked the course."},
    )
    assert '1<span class="visually-hidden"> new: 1 comment, 0 check-ins' in page(
        mentor_client, "mentoring:index"
    )

    Comment.objects.get().delete()
    assert "new: " not in page(mentor_client, "mentoring:index")


def test_a_page_answering_a_post_shows_the_forms_errors_though_cached(user_client, user):
    milestone = MilestoneFactory(owner=user)
    page(user_client, "milestones:detail", milestone.pk)

    response = user_client.post(reverse("milestones:step_create", args=[milestone.pk]), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_cached_api_list_follows_the_plans_it_shows(user, client, django_user_model):
    mentor = django_user_model.objects.create_user(email="mentor@example.com")
    MentorshipFactory(mentee=user, mentor=mentor)
    client.force_login(mentor)
    url = reverse("api:milestone-list")
    assert client.get(url).json()["count"] == 0

    MilestoneFactory(owner=user)

    assert client.get(url).json()["count"] == 1
