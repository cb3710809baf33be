"""The Today list: what a person has to do now, from every registered source, each item done,
snoozed or opened; played over a fortnight whose truth is known, with the clock moved by
time-machine, through the pages and the forms a browser without JavaScript would use."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from apps.checkins import services as checkin_services
from apps.checkins.models import CheckIn, CheckInRhythm
from apps.core import today as today_registry
from apps.learning.models import LearningItem
from apps.mentoring import services as mentoring_services
from apps.milestones import services as milestone_services
from apps.milestones.models import MilestoneStatus, Step
from apps.network import services as network_services
from apps.network.models import Interaction
from tests.factories import LearningItemFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

KEY = re.compile(r'data-key="([^"]+)"')


def at(moment: str):
    return time_machine.travel(datetime.datetime.fromisoformat(moment), tick=False)


def listed(client, user) -> list[str]:
    """The keys of the items on the user's Today page, in their order."""
    client.force_login(user)
    response = client.get(reverse("today"))
    assert response.status_code == 200
    return KEY.findall(response.content.decode())


def post(client, user, action: str, key: str, **data):
    client.force_login(user)
    return client.post(reverse(f"today_{action}", args=[key]), data)


@pytest.fixture
def fortnight():
    """A nurse moving into product: weekly check-ins on Monday at 9 (UTC); on Monday 26 October
    she checked in and committed to a step, added a contact with a monthly rhythm and a goal due
    Wednesday 4 November with two steps, has a certification expiring on 20 November, and her
    mentor commented on the goal."""
    with at("2026-10-26 10:00:00+00:00"):
        owner = UserFactory(date_joined=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))
        CheckInRhythm.objects.update_or_create(
            user=owner,
            defaults={"checkin_cadence": "weekly", "checkin_weekday": 0, "checkin_hour": 9},
        )
        mentor = UserFactory()
        MentorshipFactory(mentee=owner, mentor=mentor)
        checkin = checkin_services.checkin_create(
            owner=owner,
            north_star_progress=3,
            job_or_career=4,
            next_step="Ask Amara about the PM role",
        )
        contact = network_services.contact_create(
            owner=owner, name="Amara Obi", cadence="monthly", relationship="peer"
        )
        goal = milestone_services.milestone_create(
            owner=owner,
            horizon=1,
            kind="goal",
            title="Finish the product course",
            target_date=datetime.date(2026, 11, 4),
        )
        first = milestone_services.step_create(
            milestone=goal, title="Module 3", due_on=datetime.date(2026, 11, 3)
        )
        second = milestone_services.step_create(
            milestone=goal, title="Module 4", due_on=datetime.date(2026, 11, 10)
        )
        certification = LearningItemFactory(
            owner=owner,
            kind="certification",
            title="CPHIMS",
            status="done",
            issued_on=datetime.date(2023, 11, 20),
            expires_on=datetime.date(2026, 11, 20),
        )
        comment = mentoring_services.comment_create(
            author=mentor, item=goal, body="**Before we meet:** draft the *plan*."
        )
    return {
        "owner": owner,
        "mentor": mentor,
        "checkin": checkin,
        "contact": contact,
        "goal": goal,
        "first": first,
        "second": second,
        "certification": certification,
        "comment": comment,
    }


def test_a_fortnight_of_today(client, fortnight):
    owner, w = fortnight["owner"], fortnight
    commitment = f"commitment:{w['checkin'].pk}"
    contact, comment = f"contact:{w['contact'].pk}", f"comment:{w['comment'].pk}"
    certification = f"certification:{w['certification'].pk}"
    first, second = f"step:{w['first'].pk}", f"step:{w['second'].pk}"
    goal = f"milestone:{w['goal'].pk}"

    # Monday 2 Nov, before the check-in hour: last week's check-in was done, the step committed
    # to then is open, Amara (added a week ago, never spoken to) is due, the certification
    # expires within 30 days, the mentor's comment waits.
    with at("2026-11-02 08:00:00+00:00"):
        assert listed(client, owner) == [commitment, contact, certification, comment]
        assert post(client, owner, "done", commitment).status_code == 302
        post(client, owner, "snooze", contact, when="tomorrow")
        assert listed(client, owner) == [certification, comment]
        assert CheckIn.objects.get(pk=w["checkin"].pk).next_step_done_on == datetime.date(
            2026, 11, 2
        )

    # From the check-in hour, this week's check-in is due, answered in one tap.
    with at("2026-11-02 10:00:00+00:00"):
        keys = listed(client, owner)
        assert keys[0].startswith("checkin:") and keys[1:] == [certification, comment]
        post(client, owner, "done", keys[0], north_star_progress=4, job_or_career=5)
        assert listed(client, owner) == [certification, comment]
        latest = CheckIn.objects.filter(owner=owner).first()
        assert (latest.north_star_progress, latest.job_or_career) == (4, 5)

    # Tuesday: the first step is due and Amara is back from her snooze; talked to, she is due
    # again in a month; the comment is read; the certification waits a week.
    with at("2026-11-03 09:30:00+00:00"):
        assert listed(client, owner) == [first, contact, certification, comment]
        post(client, owner, "done", contact)
        post(client, owner, "done", comment)
        post(client, owner, "snooze", certification, when="week")
        assert listed(client, owner) == [first]
        assert Interaction.objects.get(contact=w["contact"]).date == datetime.date(2026, 11, 3)

    # Wednesday: the step is overdue until ticked; then nothing is due until the goal, dated
    # today, is overdue tomorrow.
    with at("2026-11-04 12:00:00+00:00"):
        assert listed(client, owner) == [first]
        post(client, owner, "done", first)
        assert Step.objects.get(pk=w["first"].pk).done
        assert listed(client, owner) == []
        page = client.get(reverse("today")).content.decode()
        assert "Nothing to do today." in page and "Thursday 5 November" in page
        assert "1 more snoozed." in page

    # Thursday: the goal is overdue. A step of it is still open, so it is not marked done from
    # the list (its page asks what becomes of the step): it is snoozed to a chosen day.
    with at("2026-11-05 12:00:00+00:00"):
        assert listed(client, owner) == [goal]
        page = client.get(reverse("today")).content.decode()
        assert "Mark done" not in page
        post(client, owner, "snooze", goal, when="date", until="2026-11-09")
        page = client.get(reverse("today")).content.decode()
        assert KEY.findall(page) == [] and "Monday 9 November" in page

    # Monday 9 Nov: the goal is back, and the check-in is due again.
    with at("2026-11-09 10:00:00+00:00"):
        keys = listed(client, owner)
        assert keys[0].startswith("checkin:") and keys[1:] == [goal]

    # Tuesday 10 Nov: the second step is due, the certification is back; with the last step
    # ticked, the goal can be marked done from the list.
    with at("2026-11-10 10:00:00+00:00"):
        keys = listed(client, owner)
        assert keys[1:] == [second, goal, certification]
        post(client, owner, "done", second)
        assert "Mark done" in client.get(reverse("today")).content.decode()
        post(client, owner, "done", goal)
        assert w["goal"].__class__.objects.get(pk=w["goal"].pk).status == MilestoneStatus.DONE
        assert listed(client, owner)[1:] == [certification]


def test_the_mentor_sees_what_waits_for_him(client, fortnight):
    mentor, checkin = fortnight["mentor"], fortnight["checkin"]
    with at("2026-11-02 08:00:00+00:00"):
        assert listed(client, mentor) == [f"shared-checkin:{checkin.pk}"]
        post(client, mentor, "done", f"shared-checkin:{checkin.pk}")
        assert listed(client, mentor) == []
    with at("2026-11-02 11:00:00+00:00"):  # the mentee answers the mentor's comment
        mentoring_services.comment_create(
            author=fortnight["owner"], item=fortnight["goal"], body="Drafted."
        )
        (key,) = listed(client, mentor)
        assert key.startswith("comment:")


def test_nobody_acts_on_anothers_items(client, fortnight):
    owner, stranger = fortnight["owner"], UserFactory()
    step = fortnight["first"]
    with at("2026-11-03 09:30:00+00:00"):
        for action, data in (("done", {}), ("snooze", {"when": "tomorrow"})):
            response = post(client, stranger, action, f"step:{step.pk}", **data)
            assert response.status_code == 302
            told = [str(m) for m in response.wsgi_request._messages][-1]
            assert (
                told == "That item is no longer on your list: it was done already, or it moved on."
            )
        assert not Step.objects.get(pk=step.pk).done
        assert f"step:{step.pk}" in listed(client, owner)


@pytest.mark.parametrize(
    "key, data, problem",
    [
        ("step:{first}", {"when": "date"}, "Choose the day it comes back."),
        ("step:{first}", {"when": "date", "until": "2026-11-03"}, "a day after today"),
        ("step:{first}", {"when": "date", "until": "2031-01-01"}, "a year at most"),
        ("step:{first}", {"when": "later"}, "Select a valid choice"),
        ("step:nonsense", {"when": "tomorrow"}, "no longer on your list"),
        ("unknown:1", {"when": "tomorrow"}, "no longer on your list"),
    ],
)
def test_a_bad_snooze_says_why_and_changes_nothing(client, fortnight, key, data, problem):
    owner = fortnight["owner"]
    with at("2026-11-03 09:30:00+00:00"):
        before = listed(client, owner)
        response = post(client, owner, "snooze", key.format(first=fortnight["first"].pk), **data)
        assert response.status_code == 302
        assert problem in " ".join(str(m) for m in response.wsgi_request._messages)
        assert listed(client, owner) == before


def test_a_checkin_answered_without_its_first_score_is_refused(client, fortnight):
    owner = fortnight["owner"]
    with at("2026-11-02 10:00:00+00:00"):
        key = listed(client, owner)[0]
        response = post(client, owner, "done", key, job_or_career=5)
        assert "North Star" in " ".join(str(m) for m in response.wsgi_request._messages)
        assert CheckIn.objects.filter(owner=owner).count() == 1
        assert listed(client, owner)[0] == key


def test_htmx_swaps_the_list_in_place(client, fortnight):
    owner, step = fortnight["owner"], fortnight["first"]
    with at("2026-11-03 09:30:00+00:00"):
        client.force_login(owner)
        response = client.post(
            reverse("today_done", args=[f"step:{step.pk}"]), HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="today"')
        assert "Step done: Module 3" in html and f"step:{step.pk}" not in html


def test_the_dashboard_opens_on_today_above_the_plan(client, fortnight):
    with at("2026-11-03 09:30:00+00:00"):
        client.force_login(fortnight["owner"])
        html = client.get(reverse("dashboard")).content.decode()
        assert html.index('id="today"') < html.index('id="north-star-heading"')
        assert f'data-key="step:{fortnight["first"].pk}"' in html


def test_a_certification_is_opened_not_done(client, fortnight):
    with at("2026-11-03 09:30:00+00:00"):
        key = f"certification:{fortnight['certification'].pk}"
        response = post(client, fortnight["owner"], "done", key)
        assert "no longer on your list" in str(next(iter(response.wsgi_request._messages)))
        assert LearningItem.objects.get(pk=fortnight["certification"].pk).expires_on


def test_a_new_source_adds_its_own_items(client, user):
    done = []
    source = today_registry.TodaySource(
        key="throwaway",
        order=5,
        items=lambda **kwargs: (
            [
                today_registry.TodayItem(
                    key="throwaway:1",
                    label="Thing",
                    title="Water the plants",
                    url="/",
                    done_label="Do",
                )
            ]
            if not done
            else []
        ),
        done=lambda *, reference, **kwargs: done.append(reference) or "Watered.",
    )
    with today_registry.register_temporarily(source):
        assert listed(client, user) == ["throwaway:1"]
        response = post(client, user, "done", "throwaway:1")
        assert [str(m) for m in response.wsgi_request._messages] == ["Watered."]
        assert done == ["1"] and listed(client, user) == []
    assert today_registry.today_source("throwaway") is None


def test_queries_do_not_grow_with_the_items(client, fortnight, django_assert_max_num_queries):
    owner, goal = fortnight["owner"], fortnight["goal"]
    with at("2026-11-11 10:00:00+00:00"):
        client.force_login(owner)
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("today"))
        for number in range(15):
            milestone_services.step_create(
                milestone=goal, title=f"Extra {number}", due_on=datetime.date(2026, 11, 5)
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("today"))


def test_the_list_shows_the_ten_most_pressing_and_links_to_the_rest(client, fortnight):
    owner, goal = fortnight["owner"], fortnight["goal"]
    with at("2026-11-20 10:00:00+00:00"):
        for number in range(12):
            milestone_services.step_create(
                milestone=goal, title=f"Extra {number}", due_on=datetime.date(2026, 11, 6)
            )
        client.force_login(owner)
        page = client.get(reverse("today")).content.decode()
        everything = KEY.findall(client.get(reverse("today") + "?all=1").content.decode())
        assert len(KEY.findall(page)) == 10 and len(everything) > 10
        more = len(everything) - 10
        assert f"{more} more things are due: see the whole list" in page
        assert KEY.findall(page) == everything[:10]
