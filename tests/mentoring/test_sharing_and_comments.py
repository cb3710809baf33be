import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.mentoring import services
from apps.mentoring.models import Comment, Notification
from apps.sharing.models import Mentorship
from tests.factories import (
    ContactFactory,
    HorizonFactory,
    MentorshipFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(user):
    mentor = UserFactory(display_name="Sam Mentor")
    MentorshipFactory(mentee=user, mentor=mentor, share_network=False)
    return mentor


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor)
    return client


def test_network_is_private_by_default(user):
    mentorship = Mentorship.objects.create(mentee=user, mentor=UserFactory())

    assert mentorship.shared_areas == ["vision", "milestones", "learning", "checkins"]


def test_the_mentor_sees_a_shared_milestone_read_only(mentor_client, user):
    milestone = MilestoneFactory(owner=user, title="Speak at a meet-up")

    page = mentor_client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()

    assert "Speak at a meet-up" in page
    assert reverse("milestones:edit", args=[milestone.pk]) not in page
    assert 'name="status"' not in page
    assert "Add a comment" in page


def test_a_mentor_never_changes_the_plan(mentor_client, user):
    milestone = MilestoneFactory(owner=user)

    response = mentor_client.post(
        reverse("milestones:status", args=[milestone.pk]), {"status": "done"}
    )

    assert response.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == "planned"


def test_unsharing_takes_effect_at_once(client, user, mentor):
    contact = ContactFactory(owner=user)
    milestone = MilestoneFactory(owner=user)
    mentorship = user.mentorships_as_mentee.get()
    client.force_login(mentor)
    assert client.get(reverse("network:contact_detail", args=[contact.pk])).status_code == 404
    assert client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 200

    client.force_login(user)
    client.post(
        reverse("mentoring:sharing", args=[mentorship.pk]), {f"m{mentorship.pk}-areas": ["network"]}
    )
    client.force_login(mentor)

    assert client.get(reverse("network:contact_detail", args=[contact.pk])).status_code == 200
    assert client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 404


@pytest.mark.parametrize("ended_by", ["mentee", "mentor"])
def test_ending_the_mentorship_removes_all_access(client, user, mentor, ended_by):
    milestone = MilestoneFactory(owner=user)
    mentorship = user.mentorships_as_mentee.get()
    client.force_login(user if ended_by == "mentee" else mentor)

    client.post(reverse("mentoring:end", args=[mentorship.pk]))

    client.force_login(mentor)
    assert client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 404
    assert client.get(reverse("mentoring:mentee", args=[user.pk])).status_code == 404


def test_a_mentor_sees_nothing_of_another_mentee(mentor_client, mentor):
    stranger = UserFactory()
    MentorshipFactory(mentee=stranger, mentor=UserFactory())
    milestone = MilestoneFactory(owner=stranger)

    assert mentor_client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 404
    assert mentor_client.get(reverse("mentoring:mentee", args=[stranger.pk])).status_code == 404


def test_my_mentees_shows_north_star_progress_overdue_and_unread(mentor_client, user, mentor):
    HorizonFactory(owner=user, statement="Head of Data by 2036", is_north_star=True)
    MilestoneFactory(owner=user, target_date=timezone.localdate() - datetime.timedelta(days=3))
    MilestoneFactory(owner=user, status="done", closed_on=timezone.localdate())
    services.comment_create(
        author=user, item=MilestoneFactory(owner=user), body="What do you think?"
    )

    page = mentor_client.get(reverse("mentoring:index")).content.decode()

    assert "Head of Data by 2036" in page
    assert "1 overdue" in page
    assert "1 milestone done in the last 30 days" in page
    assert "1 new comment" in page
    assert "Last check-in" in page


def test_a_comment_notifies_the_other_side(user, mentor):
    milestone = MilestoneFactory(owner=user)

    services.comment_create(author=mentor, item=milestone, body="Great step")

    assert list(Notification.objects.values_list("recipient", flat=True)) == [user.pk]


def test_a_comment_on_an_unshared_area_notifies_no_mentor(user, mentor):
    contact = ContactFactory(owner=user)

    services.comment_create(author=user, item=contact, body="Note to self")

    assert not Notification.objects.exists()


def test_posting_and_replying_through_the_pages(client, user, mentor):
    milestone = MilestoneFactory(owner=user)
    url = reverse("mentoring:comment_create", args=["milestone", milestone.pk])
    client.force_login(mentor)
    client.post(url, {"body": "Have you asked **Amara**?"})
    comment = Comment.objects.get()

    client.force_login(user)
    page = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "<strong>Amara</strong>" in page and "badge--new" in page
    again = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "badge--new" in again  # opening the page changes nothing: the page posts to read
    client.post(url, {"body": "Yes, on Monday", "parent": comment.pk})
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent == comment
    answered = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "badge--new" not in answered  # answering read what waited on the item

    services.comment_create(author=mentor, item=milestone, body="Good: tell me how it went.")
    again = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    mark_read = re.search(r'<form[^>]*class="inline-form mark-read".*?</form>', again, re.S)
    fields = dict(re.findall(r'name="(kind|pk|next)" value="([^"]*)"', mark_read.group(0)))
    assert client.post(reverse("mentoring:comments_read"), fields).status_code == 302

    read = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "badge--new" not in read and "mark-read" not in read


def test_an_htmx_post_marks_one_items_comments_read(client, user, mentor):
    milestone, other = MilestoneFactory(owner=user), MilestoneFactory(owner=user)
    services.comment_create(author=mentor, item=milestone, body="On this one")
    services.comment_create(author=mentor, item=other, body="On that one")
    client.force_login(user)

    response = client.post(
        reverse("mentoring:comments_read"),
        {"kind": "milestone", "pk": milestone.pk},
        HTTP_HX_REQUEST="true",
    )

    assert "marked as read" in response.content.decode()
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    assert [n.comment.object_id for n in unread] == [other.pk]


def test_marking_comments_read_on_an_item_one_cannot_see_is_a_404(client, user, mentor):
    stranger_milestone = MilestoneFactory()
    client.force_login(user)

    response = client.post(
        reverse("mentoring:comments_read"), {"kind": "milestone", "pk": stranger_milestone.pk}
    )

    assert response.status_code == 404


def test_replies_stay_one_level_deep(user, mentor):
    milestone = MilestoneFactory(owner=user)
    top = services.comment_create(author=mentor, item=milestone, body="a")
    reply = services.comment_create(author=user, item=milestone, body="b", parent=top)

    deeper = services.comment_create(author=mentor, item=milestone, body="c", parent=reply)

    assert deeper.parent == top


def test_a_reply_must_belong_to_the_same_item(client, user, mentor):
    first, second = MilestoneFactory(owner=user), MilestoneFactory(owner=user)
    top = services.comment_create(author=mentor, item=first, body="a")
    client.force_login(user)

    client.post(
        reverse("mentoring:comment_create", args=["milestone", second.pk]),
        {"body": "misplaced", "parent": top.pk},
    )

    assert Comment.objects.count() == 1


def test_a_script_in_a_comment_never_reaches_the_page(client, user, mentor):
    milestone = MilestoneFactory(owner=user)
    services.comment_create(author=mentor, item=milestone, body='<script>alert("x")</script>')
    client.force_login(user)

    page = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()

    assert '<script>alert("x")' not in page


def test_the_author_can_edit_for_fifteen_minutes(client, user, mentor):
    milestone = MilestoneFactory(owner=user)
    with time_machine.travel("2026-05-01 10:00:00+00:00", tick=False):
        comment = services.comment_create(author=mentor, item=milestone, body="first")
    client.force_login(mentor)

    with time_machine.travel("2026-05-01 10:14:00+00:00", tick=False):
        client.post(reverse("mentoring:comment_edit", args=[comment.pk]), {"body": "second"})
    with time_machine.travel("2026-05-01 10:16:00+00:00", tick=False):
        client.post(reverse("mentoring:comment_edit", args=[comment.pk]), {"body": "third"})

    comment.refresh_from_db()
    assert comment.body == "second" and comment.edited_at is not None


def test_only_the_author_edits_or_deletes(client, user, mentor):
    comment = services.comment_create(author=mentor, item=MilestoneFactory(owner=user), body="mine")
    client.force_login(user)

    assert (
        client.post(reverse("mentoring:comment_edit", args=[comment.pk]), {"body": "x"}).status_code
        == 404
    )
    assert client.post(reverse("mentoring:comment_delete", args=[comment.pk])).status_code == 404


def test_deleting_a_comment_with_replies_keeps_the_thread(client, user, mentor):
    milestone = MilestoneFactory(owner=user)
    top = services.comment_create(author=mentor, item=milestone, body="top")
    services.comment_create(author=user, item=milestone, body="reply", parent=top)
    lone = services.comment_create(author=mentor, item=milestone, body="lone")
    client.force_login(mentor)

    client.post(reverse("mentoring:comment_delete", args=[top.pk]))
    client.post(reverse("mentoring:comment_delete", args=[lone.pk]))

    top.refresh_from_db()
    assert top.deleted_at is not None and top.body == ""
    assert not Comment.objects.filter(pk=lone.pk).exists()
    page = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    assert "This comment was deleted." in page and "reply" in page


def test_the_recent_comments_feed_marks_unread_and_reads_all(client, user, mentor):
    services.comment_create(author=mentor, item=MilestoneFactory(owner=user), body="Look at this")
    client.force_login(user)

    page = client.get(reverse("mentoring:comments")).content.decode()
    assert "Look at this" in page and "badge--new" in page

    client.post(reverse("mentoring:comments_read"))
    assert "badge--new" not in client.get(reverse("mentoring:comments")).content.decode()


def test_the_feed_hides_comments_once_an_area_is_unshared(client, user, mentor):
    services.comment_create(author=user, item=MilestoneFactory(owner=user), body="Private now")
    user.mentorships_as_mentee.update(share_milestones=False)
    client.force_login(mentor)

    assert "Private now" not in client.get(reverse("mentoring:comments")).content.decode()


def test_the_navigation_counts_unread_comments(client, user, mentor):
    services.comment_create(author=mentor, item=MilestoneFactory(owner=user), body="Ping")
    client.force_login(user)

    assert (
        '1<span class="visually-hidden"> new: 1 comment, 0 check-ins</span>'
        in client.get(reverse("dashboard")).content.decode()
    )


@pytest.mark.parametrize("mentees", [1, 20])
def test_my_mentees_page_queries_do_not_grow(client, django_assert_max_num_queries, mentees):
    mentor = UserFactory()
    for _ in range(mentees):
        mentee = UserFactory()
        MentorshipFactory(mentee=mentee, mentor=mentor)
        HorizonFactory(owner=mentee, is_north_star=True)
        MilestoneFactory(owner=mentee)
    client.force_login(mentor)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("mentoring:index")).status_code == 200


@pytest.mark.parametrize("comments", [1, 30])
def test_comment_pages_queries_do_not_grow(
    client, user, mentor, django_assert_max_num_queries, comments
):
    milestone = MilestoneFactory(owner=user)
    for index in range(comments):
        top = services.comment_create(author=mentor, item=milestone, body=f"c{index}")
        services.comment_create(author=user, item=milestone, body="r", parent=top)
    client.force_login(user)

    with django_assert_max_num_queries(14):
        assert client.get(reverse("milestones:detail", args=[milestone.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("mentoring:comments")).status_code == 200


def test_the_comments_feed_shows_markdown_as_the_item_page_does(client, user, mentor):
    milestone = MilestoneFactory(owner=user)
    services.comment_create(
        author=mentor, item=milestone, body="**Before we meet:** find a *mission-driven* team."
    )
    client.force_login(user)
    feed = client.get(reverse("mentoring:comments")).content.decode()
    item = client.get(reverse("milestones:detail", args=[milestone.pk])).content.decode()
    for page in (feed, item):
        assert "<strong>Before we meet:</strong>" in page and "<em>mission-driven</em>" in page
        assert "**" not in page.split("<main", 1)[1]
