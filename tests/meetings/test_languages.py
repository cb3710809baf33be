"""Each side reads a session's emails in their own language: Sam, the mentor, reads German, Maya,
the mentee, the site's English. The calendar's words people read (SUMMARY, DESCRIPTION) follow
the recipient; its machine tokens (METHOD, STATUS, PARTSTAT) never change."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.utils import translation

from apps.accounts.audit import Actor
from apps.meetings import services
from tests.meetings.conftest import accept, calendar_of, part, subject_of, text_of, to

pytestmark = pytest.mark.django_db


def subject(message) -> str:
    """The Subject as people read it (a non-ASCII one travels encoded)."""
    return str(make_header(decode_header(subject_of(message))))


@pytest.fixture
def sent(smtp, django_capture_on_commit_callbacks):
    def run(service, *args, **kwargs):
        smtp.reset()
        with django_capture_on_commit_callbacks(execute=True):
            result = service(*args, **kwargs)
        return result, list(smtp.messages)

    return run


@pytest.fixture
def german_mentor(pair):
    pair.mentor.language = "de"
    pair.mentor.save(update_fields=["language"])
    return pair


def test_each_side_gets_the_invitation_in_their_own_language(german_mentor, sent):
    pair = german_mentor

    with translation.override("en-gb"):  # whoever accepts, each reads their own language
        _session, messages = sent(accept, pair)
        assert translation.get_language() == "en-gb"  # and the sender's is left as it was

    sam, maya = to(messages, pair.mentor), to(messages, pair.mentee)
    assert subject(sam) == (
        "[careerbuilder] Mentoring-Treffen: Montag, 2. März 2026, 19:30 (Asia/Kolkata)"
    )
    assert subject(maya) == (
        "[careerbuilder] Mentoring session: Monday 2 March 2026, 14:00 (Europe/London)"
    )
    for subtype in ("plain", "html"):
        assert "Hallo Sam Okafor," in text_of(sam, subtype)
        assert "Dein Mentoring-Treffen mit Maya Patel ist geplant." in text_of(sam, subtype)
        assert "Montag, 2. März 2026, 19:30–20:15 (Asia/Kolkata)" in text_of(sam, subtype)
        assert "Hello Maya Patel," in text_of(maya, subtype)
        assert "Your mentoring session with Sam Okafor is planned." in text_of(maya, subtype)
        assert "Monday 2 March 2026, 14:00–14:45 (Europe/London)" in text_of(maya, subtype)
    assert "Mentoring-Treffen" not in text_of(maya) and "Hello" not in text_of(sam)

    sams, mayas = calendar_of(sam).vevent, calendar_of(maya).vevent
    assert sams.summary.value == "Mentoring-Treffen mit Maya Patel"
    assert sams.description.value.startswith("Dein Mentoring-Treffen, geplant auf careerbuilder:")
    assert mayas.summary.value == "Mentoring session with Sam Okafor"
    assert mayas.description.value.startswith("Your mentoring session, planned on careerbuilder:")
    for message in (sam, maya):
        assert calendar_of(message).method.value == "REQUEST"
        assert part(message, "text/calendar").get_param("method") == "REQUEST"
        assert calendar_of(message).vevent.status.value == "CONFIRMED"
        for attendee in calendar_of(message).vevent.attendee_list:
            assert attendee.params["PARTSTAT"] == ["ACCEPTED"]


def test_the_follow_up_speaks_each_side_s_language_too(german_mentor, sent):
    pair = german_mentor
    session, _ = sent(accept, pair)
    services.action_item_create(
        session=session,
        actor=Actor(pair.mentor),
        assignee=pair.mentee,
        title="Send Sam the draft",
        due_on=datetime.date(2026, 3, 16),
    )

    _session, messages = sent(
        services.session_finish, session=session, actor=Actor(pair.mentee), now=session.ends_at
    )

    sam, maya = to(messages, pair.mentor), to(messages, pair.mentee)
    assert subject(sam) == (
        "[careerbuilder] Notizen zu deinem Mentoring-Treffen am Montag, 2. März 2026"
    )
    assert subject(maya) == (
        "[careerbuilder] Notes of your mentoring session of Monday 2 March 2026"
    )
    assert "- Maya Patel: Send Sam the draft (bis 16. März 2026)" in text_of(sam)
    assert "- Maya Patel: Send Sam the draft (by 16 March 2026)" in text_of(maya)
