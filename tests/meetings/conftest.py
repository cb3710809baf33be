"""The meetings tests' pair: Maya, the mentee, in London, and Sam, her mentor, in Kolkata (five
and a half hours ahead), with a session she proposes and he accepts."""

import datetime
import email

import pytest
import vobject

from apps.accounts.audit import Actor
from apps.meetings import services
from tests.factories import MentorshipFactory

PROPOSED_AT = datetime.datetime(2026, 2, 1, 12, 0, tzinfo=datetime.UTC)
STARTS_AT = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)  # 14:00 London, 19:30 Kolkata
PLACE = "Café Nero, Park Row"


def maya_and_sam():
    return MentorshipFactory(
        mentee__display_name="Maya Patel",
        mentee__time_zone="Europe/London",
        mentor__display_name="Sam Okafor",
        mentor__time_zone="Asia/Kolkata",
    )


@pytest.fixture
def pair(db):
    return maya_and_sam()


def propose(mentorship, *, starts_at=STARTS_AT, minutes=45, place=PLACE):
    return services.session_propose(
        mentorship=mentorship,
        actor=Actor(mentorship.mentee),
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        now=PROPOSED_AT,
    )


def accept(mentorship, **proposal):
    """Maya proposes, Sam accepts: both are owed the invitation."""
    session = propose(mentorship, **proposal)
    return services.session_accept(session=session, actor=Actor(mentorship.mentor), now=PROPOSED_AT)


def move(session, *, starts_at, minutes=45, place=PLACE):
    return services.session_move(
        session=session,
        actor=Actor(session.owner),
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        now=PROPOSED_AT,
    )


def to(messages, user) -> email.message.Message:
    """The one message among `messages` addressed to `user`."""
    [message] = [m for m in messages if m["To"] == user.email]
    return message


def subject_of(message) -> str:
    """The Subject as written, unfolded (a long header arrives on several lines)."""
    return str(message["Subject"]).replace("\r", "").replace("\n", "")


def part(message, content_type: str) -> email.message.Message:
    [found] = [p for p in message.walk() if p.get_content_type() == content_type]
    return found


def text_of(message, subtype: str = "plain") -> str:
    return part(message, f"text/{subtype}").get_payload(decode=True).decode()


def calendar_of(message):
    """The invitation's calendar, read by vobject (a second parser: we write with icalendar)."""
    return vobject.readOne(part(message, "text/calendar").get_payload(decode=True).decode())
