"""Accepting, moving and cancelling a session emails both sides the calendar invitation, each in
their own time zone, through the real SMTP server; vobject reads each calendar object as a
second parser (icalendar writes them)."""

import datetime
import logging

import pytest

from apps.accounts.audit import Actor
from apps.accounts.models import SuppressedAddress
from apps.meetings import services
from apps.meetings.links import read_session_reply_token
from tests.meetings.conftest import accept, calendar_of, move, part, subject_of, text_of, to

pytestmark = pytest.mark.django_db

MOVED_TO = datetime.datetime(2026, 3, 9, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def sent(smtp, django_capture_on_commit_callbacks):
    """Runs a service as a request would, then returns the emails it sent (through the worker
    the commit queues: eager in the tests)."""

    def run(service, *args, **kwargs):
        smtp.reset()
        with django_capture_on_commit_callbacks(execute=True):
            result = service(*args, **kwargs)
        return result, list(smtp.messages)

    return run


def test_accepting_sends_each_side_a_request_with_sequence_0(pair, sent):
    session, messages = sent(accept, pair)

    assert sorted(m["To"] for m in messages) == sorted([pair.mentee.email, pair.mentor.email])
    for message in messages:
        calendar = calendar_of(message)
        assert calendar.method.value == "REQUEST"
        assert calendar.vevent.uid.value == session.uid
        assert calendar.vevent.sequence.value == "0"
        assert calendar.vevent.dtstart.value == datetime.datetime(
            2026, 3, 2, 14, tzinfo=datetime.UTC
        )
        assert calendar.vevent.dtend.value == datetime.datetime(
            2026, 3, 2, 14, 45, tzinfo=datetime.UTC
        )
        assert calendar.vevent.location.value == "Café Nero, Park Row"
        assert calendar.vevent.url.value == f"http://127.0.0.1:8000/sessions/{session.pk}/"


def test_the_proposer_organises_and_both_attend_having_accepted(pair, sent):
    session, messages = sent(accept, pair)

    for user in (pair.mentee, pair.mentor):
        event = calendar_of(to(messages, user)).vevent
        assert event.organizer.params["CN"] == ["Maya Patel"]  # she proposed it
        local, _, domain = event.organizer.value.removeprefix("mailto:").partition("@")
        assert domain == "careerbuilder.local" and len(local) <= 64
        assert read_session_reply_token(local.removeprefix("session+")) == (session.pk, user.pk)
        attendees = {a.value.removeprefix("mailto:"): a.params for a in event.attendee_list}
        assert set(attendees) == {pair.mentee.email, pair.mentor.email}
        for params in attendees.values():
            assert params["PARTSTAT"] == ["ACCEPTED"] and params["RSVP"] == ["TRUE"]
        assert attendees[pair.mentor.email]["CN"] == ["Sam Okafor"]


def test_each_side_reads_the_time_in_their_own_zone(pair, sent):
    _session, messages = sent(accept, pair)

    maya, sam = to(messages, pair.mentee), to(messages, pair.mentor)
    assert subject_of(maya) == (
        "[careerbuilder] Mentoring session: Monday 2 March 2026, 14:00 (Europe/London)"
    )
    assert subject_of(sam) == (
        "[careerbuilder] Mentoring session: Monday 2 March 2026, 19:30 (Asia/Kolkata)"
    )
    for subtype in ("plain", "html"):
        assert "Monday 2 March 2026, 14:00–14:45 (Europe/London)" in text_of(maya, subtype)
        assert "Monday 2 March 2026, 19:30–20:15 (Asia/Kolkata)" in text_of(sam, subtype)
        assert "Sam Okafor" in text_of(maya, subtype) and "Maya Patel" in text_of(sam, subtype)


def test_the_calendar_is_an_alternative_and_an_invite_ics_attachment(pair, sent):
    _session, messages = sent(accept, pair)

    message = to(messages, pair.mentor)
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    assert part(message, "text/calendar").get_param("method") == "REQUEST"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_payload(decode=True) == part(message, "text/calendar").get_payload(
        decode=True
    )


def test_a_move_sends_the_same_event_again_with_sequence_1(pair, sent):
    session, _ = sent(accept, pair)

    _session, messages = sent(move, session, starts_at=MOVED_TO)

    assert len(messages) == 2
    sam = to(messages, pair.mentor)
    event = calendar_of(sam).vevent
    assert calendar_of(sam).method.value == "REQUEST"
    assert (event.uid.value, event.sequence.value) == (session.uid, "1")
    assert event.dtstart.value == MOVED_TO
    assert subject_of(sam) == (
        "[careerbuilder] Mentoring session moved to Monday 9 March 2026, 20:30 (Asia/Kolkata)"
    )


def test_a_cancellation_sends_cancel_with_sequence_2(pair, sent):
    session, _ = sent(accept, pair)
    session, _ = sent(move, session, starts_at=MOVED_TO)

    _session, messages = sent(services.session_cancel, session=session, actor=Actor(pair.mentor))

    assert len(messages) == 2
    for message in messages:
        calendar = calendar_of(message)
        assert calendar.method.value == "CANCEL"
        assert part(message, "text/calendar").get_param("method") == "CANCEL"
        assert (calendar.vevent.uid.value, calendar.vevent.sequence.value) == (session.uid, "2")
        assert calendar.vevent.status.value == "CANCELLED"
    assert subject_of(to(messages, pair.mentee)) == (
        "[careerbuilder] Mentoring session cancelled: Monday 9 March 2026, 15:00 (Europe/London)"
    )


def test_names_and_places_stay_out_of_the_subject(pair, sent):
    pair.mentee.display_name = "Maya =?utf-8?q?Bcc:_all?= Patel"
    pair.mentee.save()

    _session, messages = sent(accept, pair, place="Bcc: everyone@example.org")

    for message in messages:
        assert "Bcc" not in subject_of(message) and "Maya" not in subject_of(message)
        assert message["Bcc"] is None


def test_no_email_goes_to_a_suppressed_address(pair, sent):
    SuppressedAddress.objects.create(
        email=pair.mentor.email.lower(), reason="bounced", provider="test"
    )

    _session, messages = sent(accept, pair)

    assert [m["To"] for m in messages] == [pair.mentee.email]


def test_session_emails_past_the_rate_limit_are_skipped_and_logged(pair, sent, settings, caplog):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "session_mail": "2/h/user"}
    session, _ = sent(accept, pair)
    session, _ = sent(move, session, starts_at=MOVED_TO)

    with caplog.at_level(logging.WARNING, logger="careerbuilder.meetings"):
        _session, messages = sent(move, session, starts_at=MOVED_TO + datetime.timedelta(days=1))

    assert messages == []
    assert (
        f"not sent to user {pair.mentor.pk}: over their session emails' rate limit" in caplog.text
    )


def test_the_follow_up_carries_the_notes_and_who_does_what_by_when(pair, sent):
    session, _ = sent(accept, pair)
    after = session.ends_at
    services.session_notes_save(
        session=session,
        actor=Actor(pair.mentor),
        notes="We talked about **scope**.\n\n<script>alert(1)</script>",
    )
    services.action_item_create(
        session=session,
        actor=Actor(pair.mentor),
        assignee=pair.mentee,
        title="Send Sam the draft",
        due_on=datetime.date(2026, 3, 16),
    )

    _session, messages = sent(
        services.session_finish, session=session, actor=Actor(pair.mentee), now=after
    )

    assert len(messages) == 2
    sam = to(messages, pair.mentor)
    assert subject_of(sam) == (
        "[careerbuilder] Notes of your mentoring session of Monday 2 March 2026"
    )
    html, text = text_of(sam, "html"), text_of(sam)
    assert "<strong>scope</strong>" in html and "<script>" not in html
    assert "We talked about **scope**." in text
    assert "Maya Patel</strong>: Send Sam the draft (by 16 March 2026)" in html
    assert "- Maya Patel: Send Sam the draft (by 16 March 2026)" in text
    assert not [p for p in sam.walk() if p.get_content_type() == "text/calendar"]
