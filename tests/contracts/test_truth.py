"""Every count, badge and recap the app shows, against a world whose truth is known
(`tests/worlds.py: mentoring_truth`), for the mentee and the mentor, on the page and in the
email. Each badge counts what it names; the recap says once what changed, includes what was
added, and never tells people their own comment as news."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from apps.reminders import services as reminder_services
from tests.worlds import mentoring_truth

pytestmark = pytest.mark.django_db

DIGEST_HOUR = "2026-02-27 09:00:00+00:00"  # the next morning at both people's reminder hour


@pytest.fixture
def truth():
    return mentoring_truth()


def page(client, user, url, now) -> str:
    with time_machine.travel(datetime.datetime.fromisoformat(now), tick=False):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_mentors_badges_count_what_they_name(client, truth):
    html = page(client, truth.mentor, reverse("mentoring:index"), truth.now)
    assert "1 new comment<" in html and "6 new check-ins<" in html
    assert "Recent comments (1 new)" in html
    # the navigation: both, each named
    assert '7<span class="visually-hidden"> new: 1 comment, 6 check-ins</span>' in html


def test_the_mentees_badge_counts_her_mentors_comments_only(client, truth):
    html = page(client, truth.mentee, reverse("checkins:index"), truth.now)
    assert '2<span class="visually-hidden"> new: 2 comments, 0 check-ins</span>' in html


def test_the_comments_page_lists_check_ins_newest_first(client, truth):
    html = page(client, truth.mentor, reverse("mentoring:comments"), truth.now)
    links = re.findall(r'href="/checkins/(\d+)/', html)
    shown = list(dict.fromkeys(int(pk) for pk in links))
    assert shown == [checkin.pk for checkin in reversed(truth.checkins)]


def test_the_recap_says_once_what_changed_and_what_was_added(client, truth):
    recap = text(page(client, truth.mentee, reverse("checkins:create"), truth.now))
    assert recap.count("Changed the vision") == 1, recap
    assert re.search(r"Changed the vision: [^A]*Value", recap), recap
    for added in (
        "Added to the career history: Clinical informatics lead at St Mary's",
        "Added: Finish the product course",
        "Added: Shadow a product manager",
        "Added to the network: Amara Obi",
        "Added to learning: Product discovery",
    ):
        assert added in recap
    assert "My own note" not in recap  # her own comment is not news to her
    assert "draft the plan" in recap or "Ben Ortiz" in recap  # her mentor's is


def test_the_mentors_week_of_his_mentee_collapses_the_vision(client, truth):
    url = reverse("mentoring:mentee", args=[truth.mentee.pk])
    week = text(page(client, truth.mentor, url, truth.now))
    assert week.count("Changed the vision") == 1
    assert "Added to the network: Amara Obi" in week


def test_today_holds_exactly_what_waits(client, truth):
    mentor = page(client, truth.mentor, reverse("today"), truth.now)
    keys = re.findall(r'data-key="([^"]+)"', mentor)
    assert sorted(keys) == sorted(
        [f"shared-checkin:{c.pk}" for c in truth.checkins] + [f"comment:{truth.own_comment.pk}"]
    )
    mentee = page(client, truth.mentee, reverse("today"), truth.now)
    keys = re.findall(r'data-key="([^"]+)"', mentee)
    expected = [f"comment:{c.pk}" for c in truth.mentor_comments]
    assert [key for key in keys if key.startswith("comment:")] == expected


def test_the_digests_tell_each_what_is_theirs_and_drop_what_was_answered(client, smtp, truth):
    # Ben answers the latest check-in before the digest goes out: it is no longer offered.
    with time_machine.travel(datetime.datetime.fromisoformat(truth.now), tick=False):
        from apps.mentoring import services as mentoring_services

        mentoring_services.comment_create(
            author=truth.mentor, item=truth.checkins[-1], body="Great week."
        )
    with time_machine.travel(datetime.datetime.fromisoformat(DIGEST_HOUR), tick=False):
        reminder_services.reminders_dispatch()

    by_recipient = {message["To"]: message for message in smtp.messages}
    ben = by_recipient[truth.mentor.email]
    assert "your plan" not in ben["Subject"].replace("mentees' plans", "")
    body = ben.get_payload()[0].get_payload(decode=True).decode()
    answers = re.findall(r"/checkins/(\d+)/#comments", body)
    assert sorted(set(map(int, answers))) == sorted(c.pk for c in truth.checkins[:-1])
    nora = by_recipient[truth.mentee.email]
    assert "New comments on your plan" in nora["Subject"]


def test_a_comment_in_an_area_no_longer_shared_leaves_the_badge_and_today(client, truth):
    """Nora stops sharing her milestones: her comment on one is no longer Ben's to read, so
    neither his badge nor his Today counts it (his check-ins are still shared)."""
    from apps.accounts.audit import Actor
    from apps.sharing.services import mentorship_set_sharing

    mentorship = truth.mentee.mentorships_as_mentee.get()
    mentorship_set_sharing(
        mentorship=mentorship, areas=["vision", "learning", "checkins"], actor=Actor(truth.mentee)
    )
    html = page(client, truth.mentor, reverse("today"), truth.now)
    assert '6<span class="visually-hidden"> new: 0 comments, 6 check-ins</span>' in html
    keys = re.findall(r'data-key="([^"]+)"', html)
    assert sorted(keys) == sorted(f"shared-checkin:{c.pk}" for c in truth.checkins)
