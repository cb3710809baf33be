"""The pair's record on the web: agreements, sessions, the agenda, notes and action items,
and the closing reflections, for each side and for people outside the pair."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.audit import Actor
from apps.checkins import services as checkin_services
from apps.dashboard.demo import demo_seed
from apps.meetings import selectors, services
from apps.meetings.models import (
    ActionItem,
    Agreement,
    AgreementStatus,
    PrivateNote,
    Session,
    SessionStatus,
    TalkingPoint,
)
from apps.milestones.models import Milestone
from apps.sharing import services as sharing_services
from tests.factories import MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pair(db):
    mentee = UserFactory(display_name="Maya Okafor", time_zone="Europe/London")
    mentor = UserFactory(display_name="Sam Rivera", time_zone="America/New_York")
    return MentorshipFactory(mentee=mentee, mentor=mentor)


def accepted_session(pair, *, at=NOW + datetime.timedelta(days=3), minutes=60, now=NOW):
    session = services.session_propose(
        mentorship=pair, actor=Actor(pair.mentee), starts_at=at, minutes=minutes, now=now
    )
    return services.session_accept(session=session, actor=Actor(pair.mentor), now=now)


def form(day: datetime.datetime, minutes=45, place="https://meet.example.com/abc") -> dict:
    return {
        "day": day.date().isoformat(),
        "time": day.strftime("%H:%M"),
        "minutes": minutes,
        "place": place,
    }


# Agreements


def test_an_agreement_is_in_force_once_the_other_side_confirms(client, pair):
    client.force_login(pair.mentor)
    response = client.post(
        reverse("meetings:agreement_propose", args=[pair.pk]),
        {"purpose": "Get Maya ready to lead", "every_weeks": 2, "until": "2027-06-30"},
    )
    assert response.status_code == 302
    proposal = Agreement.objects.get()
    assert proposal.status == AgreementStatus.PROPOSED

    assert client.post(reverse("meetings:agreement_confirm", args=[proposal.pk])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == AgreementStatus.PROPOSED  # the proposer cannot confirm it

    client.force_login(pair.mentee)
    page = client.get(reverse("meetings:pair", args=[pair.pk]))
    assert "Sam Rivera proposes" in page.content.decode()
    client.post(reverse("meetings:agreement_confirm", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == AgreementStatus.ACTIVE


def test_a_confirmed_change_replaces_the_agreement(pair):
    first = services.agreement_propose(
        mentorship=pair,
        actor=Actor(pair.mentee),
        purpose="Lead",
        every_weeks=4,
        until=datetime.date(2027, 6, 30),
    )
    services.agreement_confirm(agreement=first, actor=Actor(pair.mentor))
    change = services.agreement_propose(
        mentorship=pair,
        actor=Actor(pair.mentor),
        purpose="Lead, and speak",
        every_weeks=2,
        until=datetime.date(2027, 12, 31),
    )
    services.agreement_confirm(agreement=change, actor=Actor(pair.mentee))

    first.refresh_from_db()
    assert first.status == AgreementStatus.SUPERSEDED
    assert Agreement.objects.get(status=AgreementStatus.ACTIVE) == change


def test_an_agreement_can_only_serve_the_mentees_own_horizons_and_milestones(client, pair):
    stranger = MilestoneFactory()
    client.force_login(pair.mentee)
    response = client.post(
        reverse("meetings:agreement_propose", args=[pair.pk]),
        {
            "purpose": "Lead",
            "every_weeks": 2,
            "until": "2027-06-30",
            "milestones": [stranger.pk],
        },
    )
    assert response.status_code == 400
    assert not Agreement.objects.exists()


def test_an_agreement_ending_in_the_past_is_refused_with_a_reason(client, pair):
    client.force_login(pair.mentee)
    response = client.post(
        reverse("meetings:agreement_propose", args=[pair.pk]),
        {"purpose": "Lead", "every_weeks": 2, "until": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "Choose a day after today." in response.content.decode()
    assert not Agreement.objects.exists()


# Sessions


@time_machine.travel(NOW, tick=False)
def test_a_proposed_session_is_accepted_by_the_other_side(client, pair):
    client.force_login(pair.mentee)
    response = client.post(
        reverse("meetings:session_propose", args=[pair.pk]),
        form(datetime.datetime(2026, 12, 12, 14, 0)),
    )
    session = Session.objects.get()
    assert response.url == session.get_absolute_url()
    # 14:00 in London is 09:00 in New York
    assert session.starts_at == datetime.datetime(2026, 12, 12, 14, 0, tzinfo=datetime.UTC)

    client.post(reverse("meetings:session_accept", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.PROPOSED  # not by the one who proposed it

    client.force_login(pair.mentor)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "09:00–09:45" in page
    client.post(reverse("meetings:session_accept", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.ACCEPTED


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("when", "minutes", "message"),
    [
        (NOW - datetime.timedelta(days=1), 45, "A session you propose starts in the future."),
        (NOW + datetime.timedelta(days=400), 45, "Sessions are planned at most a year ahead."),
        (NOW + datetime.timedelta(days=1), 5, "Ensure this value is greater than or equal to 15."),
        (NOW + datetime.timedelta(days=1), 600, "Ensure this value is less than or equal to 480."),
        # overlaps the session of 3 December 09:00–10:00 below
        (NOW + datetime.timedelta(days=2, minutes=30), 45, "already has a session at that time"),
    ],
)
def test_an_impossible_time_is_refused_and_nothing_is_saved(client, pair, when, minutes, message):
    accepted_session(pair, at=NOW + datetime.timedelta(days=2))
    client.force_login(pair.mentor)
    with timezone.override(datetime.UTC):
        data = form(when.replace(tzinfo=None), minutes=minutes)
    pair.mentor.time_zone = "UTC"
    pair.mentor.save()

    response = client.post(reverse("meetings:session_propose", args=[pair.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Session.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_overlap_with_another_mentorship_of_the_mentor_is_refused(pair):
    other = MentorshipFactory(mentor=pair.mentor)
    accepted_session(other, at=NOW + datetime.timedelta(days=2))
    with pytest.raises(Exception, match="already has a session"):
        services.session_propose(
            mentorship=pair,
            actor=Actor(pair.mentee),
            starts_at=NOW + datetime.timedelta(days=2, minutes=15),
            minutes=30,
        )


@time_machine.travel(NOW, tick=False)
def test_nothing_is_planned_in_an_ended_mentorship(client, pair):
    sharing_services.mentorship_end(mentorship=pair, actor=Actor(pair.mentee))
    client.force_login(pair.mentee)
    url = reverse("meetings:session_propose", args=[pair.pk])
    assert client.post(url, form(datetime.datetime(2026, 12, 12, 14, 0))).status_code == 404
    assert not Session.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_past_session_is_logged_with_its_notes(client, pair):
    client.force_login(pair.mentor)
    data = form(datetime.datetime(2026, 11, 20, 9, 0), place="The café on Main Street")
    response = client.post(
        reverse("meetings:session_log", args=[pair.pk]), {**data, "notes": "We talked **pricing**."}
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.status == SessionStatus.HELD
    assert "<strong>pricing</strong>" in client.get(session.get_absolute_url()).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_session_in_the_future_cannot_be_logged(client, pair):
    client.force_login(pair.mentor)
    response = client.post(
        reverse("meetings:session_log", args=[pair.pk]), form(datetime.datetime(2026, 12, 20, 9))
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_moving_an_accepted_session_raises_its_sequence_and_cancelling_too(pair):
    session = accepted_session(pair)
    services.session_move(
        session=session,
        actor=Actor(pair.mentor),
        starts_at=NOW + datetime.timedelta(days=4),
        minutes=30,
    )
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.ACCEPTED, 1)
    services.session_cancel(session=session, actor=Actor(pair.mentee))
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 2)
    assert list(session.mails.order_by("sequence").values_list("kind", "sequence")) == [
        ("request", 0),
        ("request", 1),
        ("cancel", 2),
    ]


# The agenda


def test_the_agenda_shows_what_changed_since_the_previous_session(client, pair):
    mentee = pair.mentee
    with time_machine.travel(NOW - datetime.timedelta(days=1), tick=False):
        checkin_services.checkin_create(owner=mentee, north_star_progress=2, job_or_career=2)
    with time_machine.travel(NOW, tick=False):
        first = services.session_log(
            mentorship=pair,
            actor=Actor(pair.mentor),
            starts_at=NOW - datetime.timedelta(hours=2),
            minutes=60,
        )
        services.action_item_create(
            session=first, actor=Actor(pair.mentor), assignee=mentee, title="Draft the talk"
        )
        services.talking_point_add(mentorship=pair, actor=Actor(mentee), text="Salary talk")
        second = services.session_propose(
            mentorship=pair,
            actor=Actor(mentee),
            starts_at=NOW + datetime.timedelta(days=14),
            minutes=60,
        )
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        checkin_services.checkin_create(owner=mentee, north_star_progress=4, job_or_career=5)
        client.force_login(pair.mentor)
        page = client.get(second.get_absolute_url()).content.decode()

    assert "Since the last session (1 Dec 2026)" in page
    assert "4/5 toward the North Star, 5/5 career" in page
    assert "2/5 toward the North Star" not in page  # before the last session
    assert 'data-trend="north-star-up"' in page
    assert "Draft the talk" in page and "not done" in page
    assert "Salary talk" in page


def test_the_agenda_shows_nothing_of_an_area_that_is_not_shared(client, pair):
    pair.share_checkins = False
    pair.save()
    with time_machine.travel(NOW, tick=False):
        session = accepted_session(pair)
        checkin_services.checkin_create(owner=pair.mentee, north_star_progress=4, job_or_career=5)
        for viewer in (pair.mentor, pair.mentee):
            client.force_login(viewer)
            assert (
                "toward the North Star"
                not in client.get(session.get_absolute_url()).content.decode()
            )


@time_machine.travel(NOW, tick=False)
def test_a_talking_point_carries_over_until_it_is_discussed(client, pair):
    session = services.session_log(
        mentorship=pair,
        actor=Actor(pair.mentor),
        starts_at=NOW - datetime.timedelta(days=1),
        minutes=60,
    )
    point = services.talking_point_add(
        mentorship=pair, actor=Actor(pair.mentee), text="Negotiation"
    )
    later = accepted_session(pair)
    client.force_login(pair.mentor)
    assert "Negotiation" in client.get(later.get_absolute_url()).content.decode()

    client.post(
        reverse("meetings:point_discussed", args=[point.pk]),
        {"session": session.pk, "discussed": "yes"},
    )
    point.refresh_from_db()
    assert point.discussed_in == session
    assert "Negotiation" not in client.get(later.get_absolute_url()).content.decode()
    assert "Negotiation" in client.get(session.get_absolute_url()).content.decode()


# "Since you last looked"


def test_the_mentors_marker_moves_on_a_post_never_a_get(client, pair):
    with time_machine.travel(NOW, tick=False):
        checkin_services.checkin_create(owner=pair.mentee, north_star_progress=3, job_or_career=3)
        client.force_login(pair.mentor)
        url = reverse("mentoring:mentee", args=[pair.mentee_id])
        assert "3/5 toward the North Star" in client.get(url).content.decode()
        pair.refresh_from_db()
        assert pair.mentor_looked_at is None
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        client.post(
            reverse("mentoring:mentee_looked", args=[pair.mentee_id]),
            {"at": (NOW + datetime.timedelta(minutes=1)).isoformat()},
        )
        pair.refresh_from_db()
        assert pair.mentor_looked_at == NOW + datetime.timedelta(minutes=1)
        page = client.get(url).content.decode()
    assert "Since you last looked" in page
    assert "3/5 toward the North Star" not in page


def test_the_marker_never_moves_back_nor_for_someone_else(client, pair):
    pair.mentor_looked_at = NOW
    pair.save()
    client.force_login(pair.mentor)
    client.post(
        reverse("mentoring:mentee_looked", args=[pair.mentee_id]),
        {"at": (NOW - datetime.timedelta(days=3)).isoformat()},
    )
    pair.refresh_from_db()
    assert pair.mentor_looked_at == NOW
    client.force_login(pair.mentee)
    response = client.post(reverse("mentoring:mentee_looked", args=[pair.mentee_id]))
    assert response.status_code == 404


# Notes and action items


@time_machine.travel(NOW, tick=False)
def test_private_notes_are_the_mentors_alone(client, pair):
    session = accepted_session(pair)
    client.force_login(pair.mentor)
    client.post(reverse("meetings:private_notes", args=[session.pk]), {"body": "She seems tired."})
    assert PrivateNote.objects.get().body == "She seems tired."
    assert "She seems tired." in client.get(session.get_absolute_url()).content.decode()

    client.force_login(pair.mentee)
    assert "She seems tired." not in client.get(session.get_absolute_url()).content.decode()
    response = client.post(reverse("meetings:private_notes", args=[session.pk]), {"body": "x"})
    assert response.status_code == 404
    assert PrivateNote.objects.get().body == "She seems tired."


@time_machine.travel(NOW, tick=False)
def test_an_action_item_for_someone_outside_the_pair_is_refused(client, pair):
    session = accepted_session(pair)
    stranger = UserFactory()
    client.force_login(pair.mentor)
    client.post(
        reverse("meetings:action_add", args=[session.pk]),
        {"assignee": stranger.pk, "title": "Call the board"},
    )
    assert not ActionItem.objects.exists()
    with pytest.raises(Exception, match="one of the two of you"):
        services.action_item_create(
            session=session, actor=Actor(pair.mentor), assignee=stranger, title="Call the board"
        )


@time_machine.travel(NOW, tick=False)
def test_the_mentees_action_item_becomes_a_milestone_in_one_click(client, pair):
    session = accepted_session(pair)
    client.force_login(pair.mentor)
    client.post(
        reverse("meetings:action_add", args=[session.pk]),
        {"assignee": pair.mentee_id, "title": "Submit the PyData talk", "due_on": "2027-01-15"},
    )
    item = ActionItem.objects.get()

    response = client.post(reverse("meetings:action_milestone", args=[item.pk]))
    assert response.status_code == 403  # the mentor cannot put it in her plan

    client.force_login(pair.mentee)
    response = client.post(reverse("meetings:action_milestone", args=[item.pk]))
    milestone = Milestone.objects.get(owner=pair.mentee, title="Submit the PyData talk")
    assert response.url == milestone.get_absolute_url()
    assert milestone.target_date == datetime.date(2027, 1, 15)
    client.force_login(pair.mentor)  # hers, seen by the mentor through sharing
    assert client.get(milestone.get_absolute_url()).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_an_action_item_becomes_a_step_of_an_open_milestone(client, pair):
    session = accepted_session(pair)
    milestone = MilestoneFactory(owner=pair.mentee)
    item = services.action_item_create(
        session=session, actor=Actor(pair.mentor), assignee=pair.mentee, title="Ask Amara"
    )
    client.force_login(pair.mentee)
    client.post(reverse("meetings:action_step", args=[item.pk]), {"milestone": milestone.pk})
    item.refresh_from_db()
    assert item.step.milestone == milestone and item.step.title == "Ask Amara"
    assert not item.is_done
    item.step.done_at = timezone.now()
    item.step.save()
    item.refresh_from_db()
    assert item.is_done


# The end


@time_machine.travel(NOW, tick=False)
def test_ending_leads_to_reflections_on_a_page_without_the_plan(client, pair):
    session = accepted_session(pair)
    MilestoneFactory(owner=pair.mentee, title="Become head of pricing")
    client.force_login(pair.mentor)
    response = client.post(reverse("mentoring:end", args=[pair.pk]))
    assert response.url == reverse("meetings:closing", args=[pair.pk])
    client.post(response.url, {"text": "She is ready to lead."})
    client.force_login(pair.mentee)
    client.post(response.url, {"text": "Sam taught me to ask."})

    page = client.get(response.url).content.decode()
    assert "She is ready to lead." in page and "Sam taught me to ask." in page
    assert "Become head of pricing" not in page
    client.force_login(pair.mentor)  # access ended with the mentorship
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.get(reverse("mentoring:mentee", args=[pair.mentee_id])).status_code == 404
    client.force_login(pair.mentee)  # the record stays hers
    assert client.get(session.get_absolute_url()).status_code == 200


def test_reflections_wait_for_the_end(client, pair):
    client.force_login(pair.mentee)
    assert client.get(reverse("meetings:closing", args=[pair.pk])).status_code == 404


def test_nobody_outside_the_pair_sees_its_pages(client, pair):
    with time_machine.travel(NOW, tick=False):
        session = accepted_session(pair)
    point = TalkingPoint.objects.create(
        mentorship=pair, owner=pair.mentee, author=pair.mentee, text="Hello"
    )
    another_of_hers = MentorshipFactory(mentee=pair.mentee).mentor
    his_other_mentee = MentorshipFactory(mentor=pair.mentor).mentee
    someone_elses_mentor = MentorshipFactory().mentor
    for outsider in (UserFactory(), another_of_hers, his_other_mentee, someone_elses_mentor):
        client.force_login(outsider)
        assert client.get(reverse("meetings:pair", args=[pair.pk])).status_code == 404
        assert client.get(session.get_absolute_url()).status_code == 404
        assert client.post(reverse("meetings:session_cancel", args=[session.pk])).status_code == 404
        assert client.get(reverse("meetings:point_delete", args=[point.pk])).status_code == 404


# Cost


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@time_machine.travel(NOW, tick=False)
def test_the_session_page_costs_the_same_whatever_the_history(client, pair):
    """The page's queries do not grow with the pair's sessions, points or action items; once
    made, the agenda is kept until either side's plan changes."""
    counts = []
    for number in range(1, 7):
        held = services.session_log(
            mentorship=pair,
            actor=Actor(pair.mentor),
            starts_at=NOW - datetime.timedelta(days=7 * number),
            minutes=45,
        )
        services.action_item_create(
            session=held, actor=Actor(pair.mentor), assignee=pair.mentee, title="Read"
        )
        services.talking_point_add(mentorship=pair, actor=Actor(pair.mentee), text="A point")
        if number in (1, 6):
            session = accepted_session(pair, at=NOW + datetime.timedelta(days=number))
            client.force_login(pair.mentor)
            cache.clear()
            url = session.get_absolute_url()
            counts.append((_queries(client, url), _queries(client, url)))
    assert counts[0] == counts[1]
    cold, warm = counts[0]
    assert warm < cold - 10


# The demo


def test_the_demo_pair_waits_for_sam_to_accept_the_rehearsal_on_the_12th(client):
    demo_seed()
    demo_seed()  # again: one of each, nothing left over
    rehearsal = Session.objects.get(status=SessionStatus.PROPOSED)
    assert rehearsal.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/London")).day == 12
    assert Agreement.objects.filter(status=AgreementStatus.ACTIVE).count() == 1
    assert Session.objects.filter(status=SessionStatus.HELD).count() == 1
    client.force_login(rehearsal.mentor)
    page = client.get(rehearsal.get_absolute_url()).content.decode()
    assert "waiting for your answer" in page
    assert "Draft the three-slide story for the quarterly review" in page


def test_proposing_the_agreement_as_it_stands_asks_nobody_again(pair):
    terms = {"purpose": "Lead", "every_weeks": 4, "until": datetime.date(2027, 6, 30)}
    agreement = services.agreement_propose(mentorship=pair, actor=Actor(pair.mentee), **terms)
    services.agreement_confirm(agreement=agreement, actor=Actor(pair.mentor))

    again = services.agreement_propose(mentorship=pair, actor=Actor(pair.mentor), **terms)

    assert again == agreement
    assert list(Agreement.objects.values_list("status", flat=True)) == [AgreementStatus.ACTIVE]


@pytest.mark.parametrize("posted", ["abc", "", "99999999"])
def test_a_point_marked_discussed_in_no_real_session_is_a_404(client, pair, posted):
    point = services.talking_point_add(mentorship=pair, actor=Actor(pair.mentee), text="Pay")
    client.force_login(pair.mentee)
    response = client.post(
        reverse("meetings:point_discussed", args=[point.pk]),
        {"session": posted, "discussed": "yes"},
    )
    assert response.status_code == 404
    point.refresh_from_db()
    assert point.discussed_in is None


def test_the_sessions_page_lists_what_is_coming_and_the_latest_past_however_long_the_history(
    client, pair
):
    """Sixty held sessions, one under way and two to come: the page shows the three planned and
    not over (newest first) and the fifty latest of the rest, with as many queries as for one."""
    held = [
        Session(
            mentorship=pair,
            owner=pair.mentee,
            mentor=pair.mentor,
            proposed_by=pair.mentee,
            starts_at=NOW - datetime.timedelta(weeks=week),
            minutes=45,
            status=SessionStatus.HELD,
        )
        for week in range(1, 61)
    ]
    Session.objects.bulk_create(held)
    yesterday = NOW - datetime.timedelta(days=1)
    under_way = accepted_session(pair, at=NOW - datetime.timedelta(minutes=30), now=yesterday)
    soon = accepted_session(pair, at=NOW + datetime.timedelta(days=2), now=NOW)
    later = accepted_session(pair, at=NOW + datetime.timedelta(days=9), now=NOW)
    client.force_login(pair.mentee)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("meetings:index"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("meetings:index"))

    assert [s.pk for s in response.context["upcoming"]] == [later.pk, soon.pk, under_way.pk]
    past = response.context["past"]
    assert len(past) == selectors.PAST_SHOWN
    assert past[0].starts_at == NOW - datetime.timedelta(weeks=1)
    assert all(session.status == SessionStatus.HELD for session in past)
    lists = [q["sql"] for q in few.captured_queries if 'FROM "meetings_session"' in q["sql"]]
    # every read of sessions is bounded: by a LIMIT, or to those not begun long ago
    assert lists and all("LIMIT" in sql or '"starts_at" >=' in sql for sql in lists)

    Session.objects.filter(status=SessionStatus.HELD).exclude(pk=held[0].pk).delete()
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("meetings:index"))  # the caches the deletion retired, made again
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("meetings:index"))
    assert len(few) == len(many)
