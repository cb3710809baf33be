"""Nobody drifts: a pair with an agreement in force that goes longer than its rhythm without a
session or a comment gets one nudge each, once per silence; silent three times that long, each
side is offered once to close the mentorship. Through the real dispatcher (and, where the emails
themselves are the point, a real Celery worker and SMTP server).

Maya is mentored by Sam, both on UTC (no daylight saving to mind) with their reminder hour at
9:00 and no quiet hours; they agreed on Monday 2 March 2026 at 10:00 to meet every two weeks.
Two weeks have passed at 10:00 on the 16th: the nudge goes at the next reminder hour, 9:00 on
the 17th."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.checkins.models import CheckInRhythm
from apps.meetings import services as meetings
from apps.meetings.reminder_sources import CLOSE, NUDGE
from apps.mentoring import services as mentoring
from apps.reminders import services as reminders
from apps.reminders.links import make_link
from apps.reminders.models import Delivery, Moment, MomentChange, Reminder, ReminderPreference
from apps.sharing import services as sharing
from tests.conftest import wait_for
from tests.factories import MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

AGREED = "2026-03-02 10:00"
FIRST_NUDGE = "2026-03-17 09:00"


def at(moment: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{moment}+00:00"), tick=False)


def dispatch(*moments: str) -> None:
    for moment in moments:
        with at(moment):
            reminders.reminders_dispatch()


def every_morning(first: str, last: str) -> None:
    """The dispatcher at each reminder hour from one day to another."""
    day = datetime.date.fromisoformat(first)
    while day <= datetime.date.fromisoformat(last):
        dispatch(f"{day} 09:00")
        day += datetime.timedelta(days=1)


def person(name: str, time_zone="UTC", **preference):
    with at("2026-01-05 12:00"):
        user = UserFactory(display_name=name, time_zone=time_zone)
    ReminderPreference.objects.create(
        user=user, comments="off", quiet_from=None, quiet_until=None, **preference
    )
    CheckInRhythm.objects.create(user=user, checkin_cadence="off", checkin_hour=9)
    return user


def make_pair(*, confirmed=True, maya=None, sam=None, until=datetime.date(2026, 12, 31)):
    """Maya (mentee) and Sam (mentor) with their reminder settings; an agreement proposed by
    Maya and confirmed by Sam (unless `confirmed` is False)."""
    maya = person("Maya Okafor", **(maya or {}))
    sam = person("Sam Lee", **(sam or {}))
    with at("2026-02-20 10:00"):
        mentorship = MentorshipFactory(mentee=maya, mentor=sam)
    with at("2026-03-01 18:00"):
        agreement = meetings.agreement_propose(
            mentorship=mentorship,
            actor=Actor(maya),
            purpose="Move into product management.",
            every_weeks=2,
            until=until,
        )
    if confirmed:
        with at(AGREED):
            meetings.agreement_confirm(agreement=agreement, actor=Actor(sam))
    return maya, sam, mentorship


@pytest.fixture
def pair():
    return make_pair()


def moments(mentorship) -> set:
    """When the pair's sources next come, for both sides."""
    return set(
        Moment.objects.filter(source=f"pair:{mentorship.pk}").values_list("due_at", flat=True)
    )


def told(kind=None) -> list[tuple[str, str, str]]:
    """(who, kind, period) of every mentoring reminder recorded, by first name."""
    rows = Reminder.objects.filter(kind__in=[kind] if kind else [NUDGE, CLOSE])
    return sorted(
        (user.display_name.split()[0], row_kind, period)
        for user, row_kind, period in (
            (row.user, row.kind, row.period) for row in rows.select_related("user")
        )
    )


def test_each_side_is_nudged_once_when_the_rhythm_has_passed(pair):
    maya, sam, mentorship = pair

    dispatch("2026-03-16 09:00", "2026-03-16 12:00", FIRST_NUDGE, "2026-03-17 09:30")
    dispatch("2026-03-18 09:00", "2026-03-24 09:00")

    period = f"pair:{mentorship.pk}:2026-03-02"
    assert told() == [("Maya", NUDGE, period), ("Sam", NUDGE, period)]
    nudges = {row.user_id: row for row in Reminder.objects.all()}
    assert nudges[maya.pk].subject == (
        "Time to meet Sam Lee: nothing since 02 Mar, you agreed every 2 weeks"
    )
    assert nudges[sam.pk].subject.startswith("Time to meet Maya Okafor: nothing since 02 Mar")
    assert nudges[maya.pk].url == reverse("meetings:pair", args=[mentorship.pk])


def test_each_side_is_nudged_at_their_own_reminder_hour(db):
    _maya, _sam, mentorship = make_pair(sam={"time_zone": "Asia/Kolkata"})

    dispatch("2026-03-03 09:00")

    # two weeks after 10:00 UTC is 15:30 in Kolkata: Sam's next 9:00 is 03:30 UTC on the 17th
    assert moments(mentorship) == {
        datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 17, 3, 30, tzinfo=datetime.UTC),
    }


def test_nothing_before_the_rhythm_has_passed(pair):
    every_morning("2026-03-03", "2026-03-16")
    dispatch("2026-03-16 10:00", "2026-03-16 23:00")

    assert told() == []


def test_a_session_held_starts_the_silence_again(pair):
    _maya, sam, mentorship = pair
    dispatch("2026-03-03 09:00")  # the moments are set for the 17th; a session moves them on
    with at("2026-03-11 08:00"):
        meetings.session_log(
            mentorship=mentorship,
            actor=Actor(sam),
            starts_at=datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC),
            minutes=45,
        )

    every_morning("2026-03-17", "2026-03-24")
    assert told() == []
    dispatch("2026-03-25 09:00")

    period = f"pair:{mentorship.pk}:2026-03-10"
    assert told() == [("Maya", NUDGE, period), ("Sam", NUDGE, period)]


def test_an_accepted_session_counts_once_it_has_begun(pair):
    maya, sam, mentorship = pair
    dispatch("2026-03-03 09:00")
    with at("2026-03-05 10:00"):
        session = meetings.session_propose(
            mentorship=mentorship,
            actor=Actor(maya),
            starts_at=datetime.datetime(2026, 3, 13, 10, 0, tzinfo=datetime.UTC),
            minutes=45,
        )
        meetings.session_accept(session=session, actor=Actor(sam))

    every_morning("2026-03-17", "2026-03-27")
    assert told() == []
    dispatch("2026-03-28 09:00")

    assert {period for _who, _kind, period in told()} == {f"pair:{mentorship.pk}:2026-03-13"}


def test_a_session_accepted_for_later_ends_the_silence_the_moment_it_begins(pair):
    maya, sam, mentorship = pair
    dispatch(FIRST_NUDGE)  # nudged: the next moment would be the offer to close, on 14 April
    with at("2026-03-18 12:00"):
        session = meetings.session_propose(
            mentorship=mentorship,
            actor=Actor(sam),
            starts_at=datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC),
            minutes=45,
        )
        meetings.session_accept(session=session, actor=Actor(maya))
    dispatch("2026-03-18 12:01")
    assert moments(mentorship) == {datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC)}

    dispatch("2026-03-20 10:00")  # it begins: worked out again, nothing sent
    assert len(told()) == 2
    assert moments(mentorship) == {datetime.datetime(2026, 4, 4, 9, 0, tzinfo=datetime.UTC)}
    every_morning("2026-03-21", "2026-04-04")

    period = f"pair:{mentorship.pk}:2026-03-20"
    assert [(who, row_period) for who, _kind, row_period in told() if row_period == period] == [
        ("Maya", period),
        ("Sam", period),
    ]
    assert {r.created_at.date() for r in Reminder.objects.filter(period=period)} == {
        datetime.date(2026, 4, 4)
    }


def test_a_session_only_proposed_is_no_contact(pair):
    maya, _sam, mentorship = pair
    with at("2026-03-05 10:00"):
        meetings.session_propose(
            mentorship=mentorship,
            actor=Actor(maya),
            starts_at=datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC),
            minutes=45,
        )

    dispatch(FIRST_NUDGE)

    assert len(told(NUDGE)) == 2


def test_a_comment_between_them_starts_the_silence_again(pair):
    maya, sam, mentorship = pair
    dispatch("2026-03-03 09:00")
    milestone = MilestoneFactory(owner=maya)
    with at("2026-03-12 10:00"):
        mentoring.comment_create(author=sam, item=milestone, body="How did the pitch go?")

    every_morning("2026-03-17", "2026-03-26")
    assert told() == []
    dispatch("2026-03-27 09:00")

    assert len(told(NUDGE)) == 2
    assert {period for _who, _kind, period in told()} == {f"pair:{mentorship.pk}:2026-03-12"}


def test_her_own_comment_counts_only_where_her_mentor_sees_it(pair):
    maya, _sam, mentorship = pair
    milestone = MilestoneFactory(owner=maya)
    mentorship.share_milestones = False
    mentorship.save()
    with at("2026-03-12 10:00"):
        mentoring.comment_create(author=maya, item=milestone, body="A note to myself.")

    dispatch(FIRST_NUDGE)
    assert len(told(NUDGE)) == 2  # he never saw it: no contact

    mentorship.share_milestones = True
    mentorship.save()
    with at("2026-03-20 10:00"):
        mentoring.comment_create(author=maya, item=milestone, body="Sam, any thoughts?")
    every_morning("2026-03-18", "2026-04-03")
    dispatch("2026-04-04 09:00")

    assert [period for _who, _kind, period in told()].count(f"pair:{mentorship.pk}:2026-03-20") == 2


def test_after_a_nudge_a_new_silence_is_nudged_again(pair):
    maya, sam, mentorship = pair
    dispatch(FIRST_NUDGE)
    milestone = MilestoneFactory(owner=maya)
    with at("2026-03-20 10:00"):
        mentoring.comment_create(author=sam, item=milestone, body="Coffee next week?")

    every_morning("2026-03-18", "2026-04-04")

    assert told() == [
        ("Maya", NUDGE, f"pair:{mentorship.pk}:2026-03-02"),
        ("Maya", NUDGE, f"pair:{mentorship.pk}:2026-03-20"),
        ("Sam", NUDGE, f"pair:{mentorship.pk}:2026-03-02"),
        ("Sam", NUDGE, f"pair:{mentorship.pk}:2026-03-20"),
    ]


def test_silent_three_times_the_rhythm_each_side_is_offered_to_close_once(pair):
    maya, _sam, mentorship = pair

    every_morning("2026-03-03", "2026-04-13")
    assert len(told(CLOSE)) == 0  # six weeks have passed at 10:00 on the 13th
    every_morning("2026-04-14", "2026-05-31")

    period = f"pair:{mentorship.pk}:2026-03-02"
    assert told() == [
        ("Maya", CLOSE, period),
        ("Maya", NUDGE, period),
        ("Sam", CLOSE, period),
        ("Sam", NUDGE, period),
    ]
    offer = Reminder.objects.get(user=maya, kind=CLOSE)
    assert offer.subject == "Close your mentorship with Sam Lee? Nothing since 02 Mar"
    assert offer.url == reverse("mentoring:end", args=[mentorship.pk])
    assert offer.created_at.date() == datetime.date(2026, 4, 14)


def test_a_pair_first_worked_out_long_silent_is_offered_to_close_without_a_nudge(pair):
    dispatch("2026-05-04 09:00")  # the first run since they agreed

    assert [kind for _who, kind, _period in told()] == [CLOSE, CLOSE]


def test_switched_off_in_her_settings_she_gets_neither(db):
    make_pair(maya={"mentoring_nudge": False, "mentoring_close": False})
    every_morning("2026-03-17", "2026-04-20")

    assert [(who, kind) for who, kind, _period in told()] == [("Sam", CLOSE), ("Sam", NUDGE)]


def test_with_the_nudge_off_the_close_offer_still_comes(db):
    make_pair(sam={"mentoring_nudge": False})
    every_morning("2026-03-17", "2026-04-20")

    assert [(who, kind) for who, kind, _period in told()] == [
        ("Maya", CLOSE),
        ("Maya", NUDGE),
        ("Sam", CLOSE),
    ]


def test_never_for_an_ended_mentorship(pair):
    maya, _sam, mentorship = pair
    dispatch("2026-03-03 09:00")
    with at("2026-03-10 10:00"):
        sharing.mentorship_end(mentorship=mentorship, actor=Actor(maya))

    every_morning("2026-03-11", "2026-05-01")

    assert told() == []
    assert not Moment.objects.filter(source=f"pair:{mentorship.pk}").exists()


def test_never_without_an_agreement_in_force(db):
    make_pair(confirmed=False)
    every_morning("2026-03-14", "2026-05-01")

    assert told() == []


def test_nothing_is_told_of_a_silence_after_the_agreement_ends(db):
    """Agreed until 20 March: the nudge of the 17th comes, the offer to close (due 14 April)
    never does; agreed until 10 March, not even the nudge."""
    _maya, _sam, mentorship = make_pair(until=datetime.date(2026, 3, 20))
    every_morning("2026-03-03", "2026-05-31")

    period = f"pair:{mentorship.pk}:2026-03-02"
    assert told() == [("Maya", NUDGE, period), ("Sam", NUDGE, period)]
    assert moments(mentorship) <= {None}  # nothing more to come of this pair

    Reminder.objects.all().delete()
    make_pair(until=datetime.date(2026, 3, 10))
    every_morning("2026-03-03", "2026-05-31")
    assert told() == []


def test_confirming_an_agreement_queues_both_sides_and_a_shorter_rhythm_comes_sooner(pair):
    maya, sam, mentorship = pair
    dispatch("2026-03-03 09:00")
    assert moments(mentorship) == {datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC)}

    with at("2026-03-03 12:00"):
        weekly = meetings.agreement_propose(
            mentorship=mentorship,
            actor=Actor(sam),
            purpose="Weekly until the interview.",
            every_weeks=1,
            until=datetime.date(2026, 6, 30),
        )
        meetings.agreement_confirm(agreement=weekly, actor=Actor(maya))
    assert set(MomentChange.objects.values_list("user_id", flat=True)) == {maya.pk, sam.pk}
    dispatch("2026-03-03 12:01")

    # confirmed at 12:00 on the 3rd: a week later is past the hour on the 10th
    assert moments(mentorship) == {datetime.datetime(2026, 3, 11, 9, 0, tzinfo=datetime.UTC)}


def test_after_a_busy_run_an_idle_minute_reads_no_pair(pair):
    dispatch("2026-03-03 09:00")

    with at("2026-03-03 09:01"), CaptureQueriesContext(connection) as queries:
        reminders.reminders_dispatch()

    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("meetings_", "mentoring_comment", "mentoring_mentorship"):
        assert table not in read


def test_the_emails_unsubscribe_link_switches_the_nudge_off(client, pair):
    maya, _sam, _mentorship = pair
    link = make_link(user=maya, action="unsubscribe", kinds=[NUDGE])

    client.post(link.split("127.0.0.1:8000", 1)[1], {"List-Unsubscribe": "One-Click"})

    assert ReminderPreference.objects.get(user=maya).mentoring_nudge is False
    dispatch(FIRST_NUDGE)
    assert [who for who, _kind, _period in told()] == ["Sam"]


def test_the_settings_page_offers_both_switches_and_says_when(client, pair):
    maya, _sam, _mentorship = pair
    client.force_login(maya)

    page = client.get(reverse("reminders:preferences")).content.decode()

    assert 'name="mentoring_nudge"' in page and 'name="mentoring_close"' in page
    assert "Mentoring: time to meet" in page and "three times its agreed rhythm" in page


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_side_one_email_per_silence(pair, celery_worker, smtp_server):
    maya, sam, _mentorship = pair
    smtp_server.reset()

    dispatch("2026-03-16 09:00", FIRST_NUDGE, FIRST_NUDGE, "2026-03-18 09:00")
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 2)
    dispatch("2026-03-19 09:00")

    assert sorted(m["To"] for m in smtp_server.messages) == sorted([maya.email, sam.email])
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages}
    assert subjects[maya.email].startswith("[careerbuilder] Time to meet Sam Lee")
    assert subjects[sam.email].startswith("[careerbuilder] Time to meet Maya Okafor")
    assert all("List-Unsubscribe" in m for m in smtp_server.messages)
    assert Delivery.objects.count() == 2
