"""A calendar's answer to a session invitation (an iCalendar REPLY to the ORGANIZER's address,
`session+…@`) comes through the real receiver: the attendee's own answer is recorded, anything
else is refused or ignored with its reason, and nothing is ever sent back."""

import datetime
import logging
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from icalendar import Calendar, Event, vCalAddress

from apps.inbound.models import InboundMessage
from apps.meetings.links import session_reply_address
from apps.meetings.models import Session
from tests.factories import UserFactory
from tests.inbound.mailauth import refused, send
from tests.meetings.conftest import STARTS_AT, accept, maya_and_sam, move

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pair(db):
    return maya_and_sam()


@pytest.fixture
def session(pair, mailoutbox):
    """Accepted: both have their invitation (and the outbox is empty again)."""
    accepted = accept(pair)
    mailoutbox.clear()
    return accepted


def calendar_answer(
    session, *, attendee, partstat="ACCEPTED", sequence=0, method="REPLY", uid=None
):
    calendar = Calendar()
    calendar.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid or session.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.datetime(2026, 2, 2, tzinfo=datetime.UTC))
    event.add("dtstart", session.starts_at)
    event.add("attendee", vCalAddress.new(attendee, cn="Someone", partstat=partstat))
    calendar.add_component(event)
    return calendar.to_ical()


def answer_mail(*, sender, to, ics: bytes | None, style="alternative"):
    """An answer as Gmail and Outlook send it (the REPLY an alternative to the text), or as
    Apple Mail does (an attached .ics)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Accepted: Mentoring session @ Mon 2 Mar 2026 14:00 - 14:45 (GMT)"
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message.set_content("Someone has accepted this invitation.")
    if ics is not None and style == "alternative":
        message.add_alternative(ics.decode(), subtype="calendar", params={"method": "REPLY"})
    elif ics is not None:
        message.add_attachment(ics, maintype="text", subtype="calendar", filename="iCal-reply.ics")
    return message


def reply(session, user, *, sender=None, attendee=None, style="alternative", **answer):
    ics = calendar_answer(session, attendee=attendee or user.email, **answer)
    return answer_mail(
        sender=sender or user.email,
        to=session_reply_address(session=session, user=user),
        ics=ics,
        style=style,
    )


def answers(session) -> tuple[str, str]:
    session = Session.objects.get(pk=session.pk)
    return session.owner_answer, session.mentor_answer


@pytest.mark.parametrize("style", ["alternative", "attachment"])
def test_the_mentors_calendar_answer_is_recorded_and_nothing_goes_back(
    pair, session, inbox, mailoutbox, style
):
    assert send(inbox, reply(session, pair.mentor, style=style)) == {}  # 250

    assert answers(session) == ("", "ACCEPTED")
    line = InboundMessage.objects.get()
    assert (line.purpose, line.outcome, line.user) == ("session", "saved", pair.mentor)
    assert line.reason == "calendar answer saved: accepted"
    assert mailoutbox == []


def test_the_mentees_decline_is_recorded_as_hers(pair, session, inbox):
    send(inbox, reply(session, pair.mentee, partstat="DECLINED"))

    assert answers(session) == ("DECLINED", "")


def test_a_stranger_answering_at_the_mentors_address_saves_nothing(
    pair, session, inbox, mailoutbox, caplog
):
    stranger = UserFactory()
    with caplog.at_level(logging.WARNING, logger="careerbuilder.inbound"):
        reason = refused(
            inbox, reply(session, pair.mentor, sender=stranger.email, attendee=stranger.email)
        )

    assert "not the account's verified address" in reason
    assert "not the account's verified address" in caplog.text
    assert answers(session) == ("", "")
    assert mailoutbox == []


def test_an_answer_for_someone_who_is_not_an_attendee_saves_nothing(pair, session, inbox, caplog):
    stranger = UserFactory()
    with caplog.at_level(logging.INFO, logger="careerbuilder.inbound"):
        reason = refused(inbox, reply(session, pair.mentor, attendee=stranger.email))

    assert "it answers for an attendee who is not the account's address" in reason
    assert "it answers for an attendee who is not the account's address" in caplog.text
    assert answers(session) == ("", "")
    assert InboundMessage.objects.get().outcome == "refused"


def test_a_forged_or_altered_session_address_is_refused(pair, session, inbox):
    local, _, domain = session_reply_address(session=session, user=pair.mentor).partition("@")
    altered = local[:-1] + ("0" if local[-1] != "0" else "1")
    someone_elses = local.replace(f"-{pair.mentor.pk}-", f"-{pair.mentee.pk}-")
    for address in (
        f"session+nonsense@{domain}",
        f"{altered}@{domain}",
        f"{someone_elses}@{domain}",
    ):
        message = reply(session, pair.mentor)
        message.replace_header("To", address)
        assert "session reply address is not valid" in refused(inbox, message)
    assert answers(session) == ("", "")


@pytest.mark.parametrize(
    "change, reason",
    [
        (
            {"ics": b"BEGIN:VCALENDAR\r\nthis is not iCalendar\r\nEND:VCALENDAR\r\n"},
            "could not be read",
        ),
        ({"ics": None}, "it carries no calendar answer"),
        ({"pad": 100_000}, "larger than is read"),
        ({"method": "REQUEST"}, "not an answer (REPLY)"),
        ({"uid": "someone-else@example.com"}, "answers another event than the session"),
    ],
    ids=["malformed", "missing", "oversized", "not-a-reply", "another-event"],
)
def test_a_calendar_part_that_is_not_an_answer_to_the_session_is_refused_cleanly(
    pair, session, inbox, mailoutbox, change, reason
):
    answer = {key: value for key, value in change.items() if key in ("method", "uid")}
    ics = change.get("ics", calendar_answer(session, attendee=pair.mentor.email, **answer))
    if "pad" in change:
        ics = ics.replace(b"END:VEVENT", b"COMMENT:" + b"x" * change["pad"] + b"\r\nEND:VEVENT")
    message = answer_mail(
        sender=pair.mentor.email,
        to=session_reply_address(session=session, user=pair.mentor),
        ics=ics,
    )

    assert reason in refused(inbox, message)  # 550, never a 451 or 500
    assert answers(session) == ("", "")
    assert InboundMessage.objects.get().outcome == "refused"
    assert mailoutbox == []


def test_an_answer_to_an_earlier_version_of_the_session_is_ignored(pair, session, inbox):
    moved = move(session, starts_at=STARTS_AT + datetime.timedelta(days=7))  # SEQUENCE 1

    assert send(inbox, reply(moved, pair.mentor, sequence=0)) == {}  # 250: his, but stale

    assert answers(session) == ("", "")
    line = InboundMessage.objects.get()
    assert (line.outcome, line.reason) == (
        "ignored",
        "it answers an earlier version of the session",
    )
