"""A mentoring pair's record through the REST API: the web's rules (the same services), its
refusals as 400s with their reasons, nothing for anyone outside the pair, moments in UTC, and
the mentor's private notes never in the mentee's answers."""

import datetime
import json

import pytest
import time_machine
from rest_framework.test import APIClient

from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.meetings import services
from apps.meetings.models import MailKind, SessionMail
from apps.sharing.services import mentorship_end
from tests.factories import MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOW = "2026-06-01T09:00:00Z"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mentee(db):
    return UserFactory(display_name="Maya Okafor", time_zone="Europe/London")


@pytest.fixture
def mentor(db):
    return UserFactory(display_name="Ben Ortiz", time_zone="America/New_York")


@pytest.fixture
def mentorship(mentee, mentor):
    return MentorshipFactory(mentee=mentee, mentor=mentor)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)  # signed in: the caller's time zone is active, as in a browser
    return client


def propose(client, mentorship, starts_at="2026-06-10T09:00:00Z", **fields):
    body = {"mentorship": mentorship.pk, "starts_at": starts_at, "minutes": 45, **fields}
    return client.post(f"{API}/sessions/", body, format="json")


@pytest.fixture
def held(mentorship, mentor):
    return services.session_log(
        mentorship=mentorship,
        actor=Actor(mentor),
        starts_at=datetime.datetime.fromisoformat("2026-05-28T17:00:00Z"),
        minutes=60,
        notes="Talked pricing.",
    )


def test_a_proposal_is_accepted_moved_and_cancelled_by_the_two_sides(mentorship, mentee, mentor):
    proposed = propose(api_as(mentee), mentorship, place="https://meet.example.com/maya")
    assert proposed.status_code == 201, proposed.content
    session = proposed.json()
    assert (session["status"], session["proposed_by"]) == ("proposed", "mentee")
    url = f"{API}/sessions/{session['id']}"

    accepted = api_as(mentor).post(f"{url}/accept/")
    moved = api_as(mentor).patch(f"{url}/", {"starts_at": "2026-06-11T15:30:00Z"}, format="json")
    cancelled = api_as(mentee).post(f"{url}/cancel/")

    assert accepted.json()["status"] == "accepted"
    assert moved.json()["status"] == "accepted"
    assert moved.json()["starts_at"] == "2026-06-11T15:30:00Z"
    assert moved.json()["ends_at"] == "2026-06-11T16:15:00Z"
    assert cancelled.json()["status"] == "cancelled"
    mails = SessionMail.objects.filter(session_id=session["id"]).order_by("sequence")
    assert [(m.kind, m.sequence) for m in mails] == [
        (MailKind.REQUEST, 0),
        (MailKind.REQUEST, 1),
        (MailKind.CANCEL, 2),
    ]


def test_a_proposal_is_declined_by_the_other_side_only(mentorship, mentee, mentor):
    session = propose(api_as(mentor), mentorship).json()
    url = f"{API}/sessions/{session['id']}/decline/"

    own = api_as(mentor).post(url)
    declined = api_as(mentee).post(url)

    assert own.status_code == 400
    assert own.json() == {"detail": ["Only a proposal from the other side can be declined."]}
    assert declined.json()["status"] == "declined"


def test_a_session_logged_as_held_gets_its_action_items_and_follow_up(mentorship, mentee, mentor):
    logged = api_as(mentor).post(
        f"{API}/sessions/",
        {
            "mentorship": mentorship.pk,
            "starts_at": "2026-05-30T08:00:00Z",
            "minutes": 60,
            "held": True,
            "notes": "We talked about **pricing**.",
        },
        format="json",
    )
    assert logged.status_code == 201, logged.content
    session = logged.json()
    item = api_as(mentee).post(
        f"{API}/action-items/",
        {"session": session["id"], "assignee": mentor.pk, "title": "Introduce Maya to the CFO"},
        format="json",
    )

    finished = api_as(mentee).post(f"{API}/sessions/{session['id']}/finish/")
    done = api_as(mentor).patch(
        f"{API}/action-items/{item.json()['id']}/", {"done": True}, format="json"
    )

    assert (session["status"], session["notes"]) == ("held", "We talked about **pricing**.")
    assert item.status_code == 201 and item.json()["assignee_name"] == "Ben Ortiz"
    assert finished.json()["status"] == "held"
    assert SessionMail.objects.filter(session_id=session["id"], kind=MailKind.FOLLOWUP).exists()
    assert done.json()["done"] is True and done.json()["done_at"] == NOW


def test_notes_are_written_by_either_side_with_patch(mentorship, mentee, mentor, held):
    url = f"{API}/sessions/{held.pk}/"

    api_as(mentee).patch(url, {"notes": "Her words."}, format="json")
    answer = api_as(mentor).get(url).json()

    assert answer["notes"] == "Her words."


def test_times_are_shown_in_utc_whatever_the_callers_time_zone(mentorship, mentee, mentor):
    created = propose(api_as(mentee), mentorship, starts_at="2026-06-10T10:00:00+01:00").json()

    for person in (mentee, mentor):
        session = api_as(person).get(f"{API}/sessions/{created['id']}/").json()
        assert session["starts_at"] == "2026-06-10T09:00:00Z"
        assert session["created_at"] == NOW


def test_an_agreement_is_confirmed_by_the_other_side(mentorship, mentee, mentor):
    milestone = MilestoneFactory(owner=mentee)
    proposed = api_as(mentor).post(
        f"{API}/agreements/",
        {
            "mentorship": mentorship.pk,
            "purpose": "Lead the pricing review.",
            "every_weeks": 3,
            "until": "2026-12-31",
            "milestones": [milestone.pk],
        },
        format="json",
    )
    url = f"{API}/agreements/{proposed.json()['id']}/confirm/"

    own = api_as(mentor).post(url)
    confirmed = api_as(mentee).post(url)

    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["milestones"] == [milestone.pk]
    assert own.status_code == 400
    assert own.json() == {"detail": ["The other side confirms what you proposed."]}
    assert confirmed.json()["status"] == "active" and confirmed.json()["confirmed_at"] == NOW


# The web's refusals, with their reasons --------------------------------------------------------


def test_a_proposal_in_the_past_is_a_400_with_the_reason(mentorship, mentee):
    response = propose(api_as(mentee), mentorship, starts_at="2026-05-31T09:00:00Z")

    assert response.status_code == 400
    assert response.json() == {"starts_at": ["A session you propose starts in the future."]}


def test_an_overlapping_session_is_a_400_with_the_reason(mentorship, mentee, mentor):
    assert propose(api_as(mentee), mentorship).status_code == 201

    response = propose(api_as(mentor), mentorship, starts_at="2026-06-10T09:30:00Z")

    assert response.status_code == 400
    assert response.json() == {
        "starts_at": ["One of you already has a session at that time. Choose another."]
    }


def test_nothing_is_planned_in_an_ended_mentorship(mentorship, mentee, held):
    mentorship_end(mentorship=mentorship, actor=Actor(mentee))
    ended = {"detail": ["This mentorship has ended: nothing more can be planned in it."]}
    client = api_as(mentee)

    proposal = propose(client, mentorship)
    point = client.post(
        f"{API}/talking-points/", {"mentorship": mentorship.pk, "text": "Hi"}, format="json"
    )
    notes = client.patch(f"{API}/sessions/{held.pk}/", {"notes": "Later"}, format="json")

    assert [r.status_code for r in (proposal, point, notes)] == [400, 400, 400]
    assert proposal.json() == point.json() == notes.json() == ended


def test_an_action_item_for_someone_outside_the_pair_is_a_400(mentee, held):
    outsider = UserFactory()
    client = api_as(mentee)

    def assign(assignee):
        body = {"session": held.pk, "assignee": assignee, "title": "Someone else's job"}
        return client.post(f"{API}/action-items/", body, format="json")

    someone, nobody = assign(outsider.pk), assign(outsider.pk + 10_000)

    assert someone.status_code == nobody.status_code == 400
    assert (
        someone.json()
        == nobody.json()
        == {"assignee": ["An action item is for one of the two of you."]}
    )
    assert not held.action_items.exists()


def test_a_patch_changes_nothing_set_at_creation(mentee, held):
    response = api_as(mentee).patch(
        f"{API}/sessions/{held.pk}/", {"held": False, "notes": "x"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"held": ["This is set when the row is created."]}


def test_only_the_mentee_turns_her_action_item_into_a_milestone(mentee, mentor, held):
    item = services.action_item_create(
        session=held, actor=Actor(mentor), assignee=mentee, title="Speak at PyData"
    )
    url = f"{API}/action-items/{item.pk}/milestone/"

    refused = api_as(mentor).post(url)
    made = api_as(mentee).post(url, {"horizon": 5}, format="json")

    assert refused.status_code == 403
    assert refused.json() == {"detail": "The mentee turns her own action items into her plan."}
    milestone = mentee.milestones.get()
    assert (milestone.title, milestone.horizon) == ("Speak at PyData", 5)
    assert made.json()["milestone"] == milestone.pk


def test_a_talking_point_is_deleted_by_its_author_alone(mentorship, mentee, mentor):
    point = services.talking_point_add(mentorship=mentorship, actor=Actor(mentee), text="Pay")
    url = f"{API}/talking-points/{point.pk}/"

    assert api_as(mentor).get(url).status_code == 200
    assert api_as(mentor).delete(url).status_code == 404
    assert api_as(mentee).delete(url).status_code == 204
    event = SecurityEvent.objects.get(user=mentee, kind=SecurityEventKind.DELETED)
    assert (event.detail, event.road) == ("Deleted the talking point “Pay”", "api")


# Nobody outside the pair ---------------------------------------------------------------------


def pair_urls(mentorship, mentee, mentor, held) -> list[str]:
    """The detail and action addresses of a record with one of everything."""
    agreement = services.agreement_propose(
        mentorship=mentorship,
        actor=Actor(mentee),
        purpose="Grow.",
        every_weeks=4,
        until=datetime.date(2026, 12, 31),
    )
    point = services.talking_point_add(mentorship=mentorship, actor=Actor(mentee), text="Pay")
    item = services.action_item_create(
        session=held, actor=Actor(mentor), assignee=mentee, title="Draft the plan"
    )
    return [
        f"{API}/agreements/{agreement.pk}/",
        f"{API}/agreements/{agreement.pk}/confirm/",
        f"{API}/sessions/{held.pk}/",
        f"{API}/sessions/{held.pk}/finish/",
        f"{API}/sessions/{held.pk}/private-notes/",
        f"{API}/talking-points/{point.pk}/",
        f"{API}/talking-points/{point.pk}/discussed/",
        f"{API}/action-items/{item.pk}/",
        f"{API}/action-items/{item.pk}/step/",
    ]


ACTIONS = ("confirm/", "finish/", "discussed/", "step/")


def sees_nothing(client, urls) -> None:
    for collection in ("agreements", "sessions", "talking-points", "action-items"):
        assert client.get(f"{API}/{collection}/").json()["results"] == [], collection
    for url in urls:
        asked = client.post(url) if url.endswith(ACTIONS) else client.get(url)
        assert asked.status_code == 404, url
        if not url.endswith(ACTIONS):
            assert client.patch(url, {}, format="json").status_code in (404, 405), url


def test_a_former_mentor_sees_nothing_of_the_pairs_record(mentorship, mentee, mentor, held):
    urls = pair_urls(mentorship, mentee, mentor, held)
    mentorship_end(mentorship=mentorship, actor=Actor(mentee))

    sees_nothing(api_as(mentor), urls)
    assert api_as(mentee).get(urls[2]).status_code == 200  # hers, for good


def test_a_mentor_of_another_mentee_sees_nothing_and_cannot_name_the_mentorship(
    mentorship, mentee, mentor, held
):
    urls = pair_urls(mentorship, mentee, mentor, held)
    anothers_mentor = MentorshipFactory(mentee=UserFactory()).mentor
    her_other_mentor = MentorshipFactory(mentee=mentee).mentor

    for stranger in (anothers_mentor, her_other_mentor):
        client = api_as(stranger)
        sees_nothing(client, urls)
        theirs = propose(client, mentorship).json()
        missing = client.post(
            f"{API}/sessions/",
            {"mentorship": mentorship.pk + 10_000, "starts_at": "2026-06-10T09:00:00Z"},
            format="json",
        ).json()
        assert list(theirs) == list(missing) == ["mentorship"]
        assert theirs["mentorship"][0].replace(str(mentorship.pk), "N") == missing["mentorship"][
            0
        ].replace(str(mentorship.pk + 10_000), "N")


# The mentor's private notes ------------------------------------------------------------------


def test_private_notes_are_the_mentors_alone(mentorship, mentee, mentor, held):
    url = f"{API}/sessions/{held.pk}/private-notes/"

    empty = api_as(mentor).get(url)
    written = api_as(mentor).patch(url, {"body": "She undersells her work."}, format="json")
    read = api_as(mentor).get(url)

    assert empty.json() == {"body": "", "updated_at": None}
    assert written.json() == {"body": "She undersells her work.", "updated_at": NOW}
    assert read.json() == written.json()
    assert api_as(mentee).get(url).status_code == 404
    assert api_as(mentee).patch(url, {"body": "Mine now"}, format="json").status_code == 404
    assert api_as(mentor).patch(url, {}, format="json").json() == written.json()
    assert held.private_notes.get().body == "She undersells her work."


def test_private_notes_are_in_none_of_the_mentees_answers(mentorship, mentee, mentor, held):
    services.private_note_save(session=held, actor=Actor(mentor), body="SECRET-NOTE")
    services.action_item_create(session=held, actor=Actor(mentor), assignee=mentee, title="Go")
    services.talking_point_add(mentorship=mentorship, actor=Actor(mentor), text="Ask")
    client = api_as(mentee)

    answers = [
        client.get(f"{API}/{collection}/")
        for collection in ("agreements", "sessions", "talking-points", "action-items")
    ]
    answers += [
        client.get(f"{API}/sessions/{held.pk}/"),
        client.post(f"{API}/sessions/{held.pk}/finish/"),
        client.patch(f"{API}/sessions/{held.pk}/", {"notes": "Shared."}, format="json"),
    ]

    assert all(answer.status_code == 200 for answer in answers)
    assert not any("SECRET-NOTE" in json.dumps(answer.json()) for answer in answers)


# Lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("sessions", [1, 20])
def test_list_queries_do_not_grow(
    mentorship, mentee, mentor, sessions, django_assert_max_num_queries
):
    for day in range(sessions):
        session = services.session_log(
            mentorship=mentorship,
            actor=Actor(mentor),
            starts_at=datetime.datetime(2026, 4, day + 1, 9, 0, tzinfo=datetime.UTC),
            minutes=30,
        )
        services.action_item_create(
            session=session, actor=Actor(mentor), assignee=mentee, title=f"Item {day}"
        )
    client = api_as(mentor)

    for collection in ("agreements", "sessions", "talking-points", "action-items"):
        with django_assert_max_num_queries(8):
            assert client.get(f"{API}/{collection}/").status_code == 200
