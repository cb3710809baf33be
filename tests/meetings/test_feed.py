"""The sessions both sides agreed to are timed events in each one's private calendar feed, read
here by vobject as a CalDAV server would."""

import datetime

import pytest
import vobject

from apps.accounts.audit import Actor
from apps.dataio.calendar import calendar_for
from apps.meetings import services
from apps.sharing import services as sharing_services
from tests.meetings.conftest import PROPOSED_AT, STARTS_AT, accept, propose

pytestmark = pytest.mark.django_db


def sessions_in_feed(user) -> list:
    feed = vobject.readOne(calendar_for(user, now=PROPOSED_AT).decode())
    return [
        event
        for event in feed.contents.get("vevent", [])
        if event.summary.value.startswith("Mentoring session")
    ]


def test_an_accepted_session_is_a_timed_event_in_both_feeds(pair):
    session = accept(pair)

    for user, other in ((pair.mentee, "Sam Okafor"), (pair.mentor, "Maya Patel")):
        [event] = sessions_in_feed(user)
        assert event.summary.value == f"Mentoring session with {other}"
        assert event.dtstart.value == STARTS_AT  # a time, not a day
        assert event.dtend.value == STARTS_AT + datetime.timedelta(minutes=45)
        assert event.location.value == "Café Nero, Park Row"
        assert event.url.value == f"http://127.0.0.1:8000/sessions/{session.pk}/"
        assert event.uid.value == f"session-{session.pk}@careerbuilder"  # not the invitation's


def test_a_held_session_stays_in_the_feeds(pair):
    session = accept(pair)
    services.session_finish(session=session, actor=Actor(pair.mentor), now=session.ends_at)

    assert len(sessions_in_feed(pair.mentee)) == len(sessions_in_feed(pair.mentor)) == 1


def test_sessions_not_agreed_to_are_in_no_feed(pair):
    propose(pair)  # waiting for Sam
    declined = propose(pair, starts_at=STARTS_AT + datetime.timedelta(days=1))
    services.session_decline(session=declined, actor=Actor(pair.mentor))
    cancelled = accept(pair, starts_at=STARTS_AT + datetime.timedelta(days=2))
    services.session_cancel(session=cancelled, actor=Actor(pair.mentee))

    assert sessions_in_feed(pair.mentee) == sessions_in_feed(pair.mentor) == []


def test_a_former_mentors_feed_keeps_none_of_the_mentees_sessions(pair):
    accept(pair)
    sharing_services.mentorship_end(mentorship=pair, actor=Actor(pair.mentee))

    assert sessions_in_feed(pair.mentor) == []
    assert len(sessions_in_feed(pair.mentee)) == 1
