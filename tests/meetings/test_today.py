"""What a mentoring pair's record asks of each side on the Today list, in a world whose every
item is known: sessions within a day, proposals waiting for an answer, one's own action items
due within a week or overdue. A former mentor sees nothing, and neither does the mentee of what
that ended pair planned. Through the Today page, its one-tap answers and its cache.

It is Tuesday 10 March 2026, 10:00 in London (UTC in March). Maya is mentored by Sam, and was
by Ola until yesterday."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.checkins.models import CheckInRhythm
from apps.dashboard.selectors import today_list
from apps.meetings import services as meetings
from apps.meetings.models import ActionItem, Session, SessionStatus
from apps.sharing import services as sharing
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

KEY = re.compile(r'data-key="([^"]+)"')
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)


def person(name: str):
    user = UserFactory(display_name=name, time_zone="Europe/London")
    CheckInRhythm.objects.create(user=user, checkin_cadence="off")
    return user


def accepted(mentorship, proposer, answerer, starts_at):
    session = meetings.session_propose(
        mentorship=mentorship, actor=Actor(proposer), starts_at=starts_at, minutes=45
    )
    return meetings.session_accept(session=session, actor=Actor(answerer))


@pytest.fixture
def world():
    """Everything of Maya's pairs that could be on a list on 10 March, and what must not be."""
    with at(utc(2, 9)):
        maya, sam, ola = person("Maya Okafor"), person("Sam Lee"), person("Ola Berg")
        with_sam = MentorshipFactory(mentee=maya, mentor=sam)
        with_ola = MentorshipFactory(mentee=maya, mentor=ola)
        held = meetings.session_log(
            mentorship=with_sam, actor=Actor(sam), starts_at=utc(2, 8), minutes=45
        )
        items = {
            title: meetings.action_item_create(
                session=held, actor=Actor(sam), assignee=who, title=title, due_on=due
            )
            for title, who, due in (
                ("Draft the pitch", maya, datetime.date(2026, 3, 17)),  # in 7 days: listed
                ("Send the CV", maya, datetime.date(2026, 3, 5)),  # overdue: listed
                ("Read the book", maya, datetime.date(2026, 3, 18)),  # in 8 days: not yet
                ("Ask about the role", maya, datetime.date(2026, 3, 11)),  # done below
                ("Introduce Maya to Ana", sam, datetime.date(2026, 3, 12)),  # Sam's
                ("Find a shadowing day", maya, None),  # no date: never asked for
            )
        }
        meetings.action_item_set_done(item=items["Ask about the role"], actor=Actor(maya))
        tomorrow = accepted(with_sam, maya, sam, utc(11, 9, 30))  # within a day
        later = accepted(with_sam, sam, maya, utc(12, 15))  # two days away
        proposal = meetings.session_propose(
            mentorship=with_sam, actor=Actor(sam), starts_at=utc(13, 14), minutes=60
        )
        agreement = meetings.agreement_propose(
            mentorship=with_sam,
            actor=Actor(maya),
            purpose="Move into product management.",
            every_weeks=2,
            until=datetime.date(2026, 9, 30),
        )
        # Ola's pair planned things too, then ended
        ola_held = meetings.session_log(
            mentorship=with_ola, actor=Actor(ola), starts_at=utc(2, 7), minutes=30
        )
        meetings.action_item_create(
            session=ola_held,
            actor=Actor(ola),
            assignee=ola,
            title="Send Maya the reading list",
            due_on=datetime.date(2026, 3, 11),
        )
        meetings.action_item_create(
            session=ola_held,
            actor=Actor(ola),
            assignee=maya,
            title="Reply to Ola",
            due_on=datetime.date(2026, 3, 11),
        )
        accepted(with_ola, ola, maya, utc(10, 16))
        meetings.session_propose(
            mentorship=with_ola, actor=Actor(ola), starts_at=utc(13, 9), minutes=30
        )
    with at(utc(9, 18)):
        sharing.mentorship_end(mentorship=with_ola, actor=Actor(maya))
    return {
        "maya": maya,
        "sam": sam,
        "ola": ola,
        "items": items,
        "tomorrow": tomorrow,
        "later": later,
        "proposal": proposal,
        "agreement": agreement,
    }


def keys(user, now=NOW):
    with at(now):
        found = today_list(owner=user, today=now.date(), now=now)
    return [item.key for item in found.items if item.key.split(":")[0] in SOURCES]


SOURCES = {"session", "session-proposal", "agreement-proposal", "action-item"}


def told(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def page(client, user, now=NOW) -> str:
    client.force_login(user)
    with at(now):
        response = client.get(reverse("today"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_mentee_is_asked_for_what_is_hers(world):
    items = world["items"]

    assert keys(world["maya"]) == [
        f"session:{world['tomorrow'].pk}",
        f"action-item:{items['Send the CV'].pk}",
        f"action-item:{items['Draft the pitch'].pk}",
        f"session-proposal:{world['proposal'].pk}",
    ]


def test_the_mentor_is_asked_for_what_is_his(world):
    assert keys(world["sam"]) == [
        f"session:{world['tomorrow'].pk}",
        f"action-item:{world['items']['Introduce Maya to Ana'].pk}",
        f"agreement-proposal:{world['agreement'].pk}",
    ]


def test_a_former_mentor_is_asked_for_nothing(world):
    assert keys(world["ola"]) == []


def test_each_side_reads_the_session_with_the_other_at_their_own_time(client, world):
    world["sam"].time_zone = "Asia/Kolkata"  # 09:30 in London is 15:00 in Kolkata
    world["sam"].save()

    assert "Session with Sam Lee tomorrow at 09:30" in page(client, world["maya"])
    assert "Session with Maya Okafor tomorrow at 15:00" in page(client, world["sam"])


def test_the_session_stays_until_it_is_over_and_the_next_comes_within_a_day(world):
    tomorrow, later = world["tomorrow"], world["later"]

    assert f"session:{tomorrow.pk}" in keys(world["maya"], now=utc(11, 10, 5))  # under way
    listed = keys(world["maya"], now=utc(11, 15, 30))
    assert f"session:{tomorrow.pk}" not in listed  # over by the hour
    assert f"session:{later.pk}" in listed  # 15:00 on the 12th, within a day of this hour


def test_accepting_a_proposal_in_one_tap(client, world):
    maya, proposal = world["maya"], world["proposal"]
    page(client, maya)  # the list is cached…

    with at(NOW):
        response = client.post(reverse("today_done", args=[f"session-proposal:{proposal.pk}"]))

    proposal.refresh_from_db()
    assert proposal.status == SessionStatus.ACCEPTED
    assert told(response) == ["Accepted: Sam Lee gets the invitation too."]
    assert f"session-proposal:{proposal.pk}" not in KEY.findall(page(client, maya))  # …retired


def test_a_proposal_whose_time_passed_says_why_it_cannot_be_accepted(client, world):
    maya, proposal = world["maya"], world["proposal"]
    client.force_login(maya)

    with at(utc(13, 14, 30)):
        response = client.post(reverse("today_done", args=[f"session-proposal:{proposal.pk}"]))

    assert told(response) == ["This proposal's time has passed. Propose another time."]
    assert Session.objects.get(pk=proposal.pk).status == SessionStatus.PROPOSED


def test_the_mentor_cannot_accept_his_own_proposal_from_the_list(client, world):
    sam, proposal = world["sam"], world["proposal"]
    client.force_login(sam)

    with at(NOW):
        response = client.post(reverse("today_done", args=[f"session-proposal:{proposal.pk}"]))

    assert told(response)[0].startswith("That item is no longer on your list")
    assert Session.objects.get(pk=proposal.pk).status == SessionStatus.PROPOSED


def test_marking_an_action_item_done_in_one_tap(client, world):
    maya, item = world["maya"], world["items"]["Draft the pitch"]
    page(client, maya)

    with at(NOW):
        response = client.post(reverse("today_done", args=[f"action-item:{item.pk}"]))

    assert ActionItem.objects.get(pk=item.pk).done_at == NOW
    assert told(response) == ["Done: Draft the pitch"]
    assert f"action-item:{item.pk}" not in KEY.findall(page(client, maya))


def test_nobody_marks_the_other_sides_action_item_from_their_list(client, world):
    item = world["items"]["Introduce Maya to Ana"]  # Sam's
    client.force_login(world["maya"])

    with at(NOW):
        client.post(reverse("today_done", args=[f"action-item:{item.pk}"]))

    assert ActionItem.objects.get(pk=item.pk).done_at is None


def test_with_nothing_due_the_list_says_when_the_next_action_comes(world):
    maya = world["maya"]
    ActionItem.objects.filter(owner=maya).exclude(title="Read the book").update(done_at=NOW)
    Session.objects.update(status=SessionStatus.CANCELLED)

    with at(NOW):
        found = today_list(owner=maya, today=NOW.date(), now=NOW)

    assert [item.key for item in found.items if item.key.split(":")[0] in SOURCES] == []
    assert found.next_on == datetime.date(2026, 3, 11)  # "Read the book", due on the 18th
