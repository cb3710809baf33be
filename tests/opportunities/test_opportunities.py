"""Opportunities: sought out, moved through their stages, weighed against the plan, decided;
in the Today list, the reminders, the comparison, the API and the calendar."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.learning.models import LearningItem
from apps.milestones.models import Milestone, MilestoneKind
from apps.network.models import Interaction
from apps.opportunities import selectors, services
from apps.opportunities.models import Opportunity, Stage
from apps.vision import services as vision_services
from apps.vision.models import Job
from tests.factories import ContactFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def at(day: datetime.date, hour: int = 10):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC), tick=False
    )


def new(owner, title="Product manager", on=DAY, **fields):
    return services.opportunity_create(owner=owner, on=on, title=title, **fields)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


@pytest.fixture
def nurse():
    """A nurse moving into product management: a 1- and 5-year horizon, three ranked values,
    a current job."""
    owner = UserFactory()
    vision_services.vision_update(
        owner=owner,
        beyond_the_paycheck="Better care, at scale.",
        north_star=5,
        horizons={
            1: {"statement": "Working on a clinical product team.", "target_role": "", "why": ""},
            5: {
                "statement": "Leading product for a health platform.",
                "target_role": "",
                "why": "",
            },
            10: {"statement": "", "target_role": "", "why": ""},
            20: {"statement": "", "target_role": "", "why": ""},
        },
    )
    for name in ("Patient impact", "Learning", "Balance"):
        vision_services.value_create(owner=owner, name=name)
    vision_services.job_create(
        owner=owner,
        title="Staff nurse",
        organisation="City Hospital",
        start_date=datetime.date(2019, 9, 1),
    )
    return owner


def test_each_move_is_on_the_timeline_with_its_next_action_a_week_on(client, nurse):
    opportunity = new(nurse)
    assert opportunity.next_action_on == DAY + datetime.timedelta(days=7)
    days = {
        Stage.EXPLORING: DAY + datetime.timedelta(days=1),
        Stage.APPLIED: DAY + datetime.timedelta(days=3),
        Stage.INTERVIEWING: DAY + datetime.timedelta(days=10),
        Stage.OFFER: DAY + datetime.timedelta(days=20),
    }
    client.force_login(nurse)
    for stage, day in days.items():
        with at(day):
            response = client.post(
                reverse("opportunities:move", args=[opportunity.pk]),
                {
                    "stage": stage,
                    "on": day.isoformat(),
                    "label": "Case study" if stage == Stage.INTERVIEWING else "",
                },
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        opportunity.refresh_from_db()
        assert opportunity.stage == stage
        assert opportunity.next_action_on == day + datetime.timedelta(days=7)

    with at(DAY + datetime.timedelta(days=21)):
        page = client.get(opportunity.get_absolute_url()).content.decode()
    timeline = page.split('class="opportunity-timeline"')[1].split("</ol>")[0]
    assert [move.stage for move in opportunity.moves.all()] == [Stage.IDEA, *days]
    for label in (
        "Idea",
        "Exploring",
        "Applied or proposed",
        "Interviewing",
        "Offer",
        "Case study",
    ):
        assert label in timeline
    assert "22 Nov 2026" in timeline  # the offer, dated


@pytest.mark.parametrize(
    ("setup", "data", "problem"),
    [
        ("ghosted", {"stage": "exploring"}, "A final stage is not moved on"),
        ("", {"stage": "exploring", "on": "2026-10-01"}, "cannot come before the last one"),
        ("", {"stage": "exploring", "on": "2026-11-20"}, "cannot be dated in the future"),
        ("", {"stage": "accepted"}, "Select a valid choice"),
        ("", {"stage": "nonsense"}, "Select a valid choice"),
    ],
)
def test_a_bad_move_says_why_and_changes_nothing(client, nurse, setup, data, problem):
    opportunity = new(nurse)
    if setup:
        services.opportunity_move(opportunity=opportunity, stage=setup, on=DAY, today=DAY)
    opportunity.refresh_from_db()
    before = (opportunity.stage, opportunity.moves.count(), opportunity.next_action_on)
    client.force_login(nurse)
    with at(DAY + datetime.timedelta(days=2)):
        response = client.post(
            reverse("opportunities:move", args=[opportunity.pk]),
            {"on": (DAY + datetime.timedelta(days=1)).isoformat(), **data},
        )
    assert response.status_code == 400
    assert problem in response.content.decode()
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.moves.count(), opportunity.next_action_on) == before


def test_accepting_and_declining_go_through_decide_with_a_reason(nurse):
    opportunity = new(nurse)
    with pytest.raises(ValidationError, match="use Decide"):
        services.opportunity_move(opportunity=opportunity, stage="accepted", on=DAY, today=DAY)
    with pytest.raises(ValidationError, match="Say why"):
        services.opportunity_decide(
            opportunity=opportunity, decision="declined", reason=" ", on=DAY, today=DAY
        )


def test_accepting_a_role_makes_it_the_current_job_with_its_ledger(client, nurse):
    opportunity = new(nurse, organisation="Healthwise")
    horizons = {h.years: h for h in selectors.written_horizons(owner=nurse)}
    values = selectors.ranked_values(owner=nurse)
    services.opportunity_score(
        opportunity=opportunity,
        horizons={horizons[1]: 4, horizons[5]: 5},
        values={values[0]: 5},
        pay=2,
    )
    client.force_login(nurse)
    with at(DAY + datetime.timedelta(days=30)):
        response = client.post(
            reverse("opportunities:decide", args=[opportunity.pk]),
            {
                "decision": "accepted",
                "reason": "Closer to patients at scale, though it pays less.",
                "on": (DAY + datetime.timedelta(days=30)).isoformat(),
                "starts_on": "2027-01-04",
            },
        )
    assert response.status_code == 302
    assert "is your current job" in messages_of(response)[-1]
    old, current = Job.objects.get(title="Staff nurse"), Job.objects.get(title="Product manager")
    assert old.end_date == datetime.date(2027, 1, 4)
    assert current.is_current and current.organisation == "Healthwise"
    entry = current.ledger_entries.get()
    assert (entry.score_1, entry.score_5, entry.score_10, entry.score_20) == (4, 5, None, None)
    assert entry.recorded_on == datetime.date(2027, 1, 4)
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.ACCEPTED and opportunity.job == current
    assert opportunity.next_action_on is None


@pytest.mark.parametrize(
    ("kind", "made"),
    [
        ("programme", lambda: LearningItem.objects.get(title="Product school")),
        (
            "talk",
            lambda: Milestone.objects.get(title="Product school", kind=MilestoneKind.CHALLENGE),
        ),
        (
            "project",
            lambda: Milestone.objects.get(title="Product school", kind=MilestoneKind.OWNERSHIP),
        ),
    ],
)
def test_accepting_a_course_or_a_talk_adds_it_to_the_plan(nurse, kind, made):
    opportunity = new(nurse, title="Product school", kind=kind)
    services.opportunity_decide(
        opportunity=opportunity, decision="accepted", reason="It fills my gap.", on=DAY, today=DAY
    )
    assert made().owner == nurse
    assert Job.objects.filter(owner=nurse).count() == 1  # no job for a course or a talk


def test_declining_keeps_it_and_the_vision_page_says_why(client, nurse):
    opportunity = new(nurse, title="Night-shift lead", organisation="Ward 7")
    services.opportunity_decide(
        opportunity=opportunity,
        decision="declined",
        reason="Nights would end my evening course.",
        on=DAY,
        today=DAY,
    )
    assert Opportunity.objects.filter(pk=opportunity.pk, stage=Stage.DECLINED).exists()
    client.force_login(nurse)
    vision = client.get(reverse("vision:index")).content.decode()
    said_no = vision.split("What I said no to, and why")[1]
    assert "Night-shift lead" in said_no and "Nights would end my evening course." in said_no
    with pytest.raises(ValidationError, match="A final stage is not moved on"):
        services.opportunity_move(opportunity=opportunity, stage="idea", on=DAY, today=DAY)


def test_adding_one_where_you_were_ghosted_says_so(client, nurse):
    before = new(nurse, title="Analyst", organisation="Healthwise", on=datetime.date(2026, 3, 1))
    services.opportunity_move(
        opportunity=before, stage="ghosted", on=datetime.date(2026, 4, 1), today=DAY
    )
    client.force_login(nurse)
    with at(DAY):
        response = client.post(
            reverse("opportunities:create"),
            {
                "title": "Product manager",
                "kind": "role",
                "organisation": "healthwise ",
                "stage": "idea",
                "stall_after_days": 14,
            },
            follow=True,
        )
    assert "did not answer last time (“Analyst”, 1 April 2026)" in response.content.decode()
    with at(DAY):
        other = client.post(
            reverse("opportunities:create"),
            {
                "title": "Volunteer",
                "kind": "volunteer",
                "organisation": "Red Cross",
                "stage": "idea",
                "stall_after_days": 14,
            },
            follow=True,
        )
    assert "did not answer" not in other.content.decode()


def test_values_weigh_by_their_rank_and_the_paycheck_stays_apart(nurse):
    opportunity = new(nurse)
    first, second, third = selectors.ranked_values(owner=nurse)
    services.opportunity_score(
        opportunity=opportunity, horizons={}, values={first: 5, second: 1, third: 1}, pay=1
    )
    rows = Opportunity.objects.filter(pk=opportunity.pk).prefetch_related(
        "horizon_scores", "value_scores"
    )
    weighing = selectors.weighings(owner=nurse, opportunities=rows)[0]
    assert [row.weight for row in weighing.values] == [3, 2, 1]
    assert weighing.values_fit == pytest.approx((3 * 5 + 2 * 1 + 1 * 1) / 6)  # 3.0, not 2.33
    assert weighing.toward_vision is None  # nothing scored: no number made up
    assert weighing.paycheck[0][1] == 1  # the pay, shown apart


@pytest.mark.parametrize("bad", [{"value": "6"}, {"value": "0"}, {"value": "x"}, {"pay": "9"}])
def test_a_score_outside_one_to_five_is_refused(client, nurse, bad):
    opportunity = new(nurse)
    value = selectors.ranked_values(owner=nurse)[0]
    name = f"value_{value.pk}" if "value" in bad else "pay"
    client.force_login(nurse)
    response = client.post(
        reverse("opportunities:score", args=[opportunity.pk]), {name: next(iter(bad.values()))}
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not opportunity.value_scores.exists()
    opportunity.refresh_from_db()
    assert opportunity.pay is None


def test_another_persons_horizon_value_or_contact_is_refused(nurse):
    stranger = UserFactory()
    vision_services.value_create(owner=stranger, name="Theirs")
    theirs = selectors.ranked_values(owner=stranger)[0]
    opportunity = new(nurse)
    with pytest.raises(ValidationError, match="your own"):
        services.opportunity_score(opportunity=opportunity, horizons={}, values={theirs: 3})
    with pytest.raises(ValidationError, match="your own"):
        new(nurse, contacts=[ContactFactory(owner=stranger)])
    with pytest.raises(ValidationError, match="your own"):
        services.introduction_ask(
            opportunity=opportunity, contact=ContactFactory(owner=stranger), on=DAY
        )
    assert not opportunity.value_scores.exists()


def test_asking_for_an_introduction_is_logged_on_the_contact(client, nurse):
    contact = ContactFactory(owner=nurse, name="Amara Obi")
    opportunity = new(nurse, organisation="Healthwise")
    client.force_login(nurse)
    with at(DAY):
        response = client.post(
            reverse("opportunities:introduction", args=[opportunity.pk]),
            {"contact": contact.pk, "note": "She knows the hiring manager."},
        )
    assert response.status_code == 302
    interaction = Interaction.objects.get(contact=contact)
    assert interaction.date == DAY and "Asked for an introduction" in interaction.notes
    assert list(opportunity.contacts.all()) == [contact]


def test_the_comparison_reads_the_same_queries_for_two_or_four(
    client, nurse, django_assert_num_queries
):
    rows = [new(nurse, title=f"Role {n}") for n in range(4)]
    horizons = selectors.written_horizons(owner=nurse)
    for number, opportunity in enumerate(rows):
        services.opportunity_score(
            opportunity=opportunity,
            horizons={horizon: 1 + number for horizon in horizons},
            values={value: 5 - number for value in selectors.ranked_values(owner=nurse)},
            pay=1 + number,
        )
    client.force_login(nurse)
    url = reverse("opportunities:compare")
    client.get(url, {"ids": [rows[0].pk, rows[1].pk]})  # the session, warm

    with CaptureQueriesContext(connection) as two:
        page = client.get(url, {"ids": [rows[0].pk, rows[1].pk]})
    assert page.status_code == 200
    expected = len(two.captured_queries)
    for number in range(5):
        vision_services.value_create(owner=nurse, name=f"More {number}")
    client.get(reverse("today"))  # the plan changed: the navigation's cache, warm again
    with django_assert_num_queries(expected):
        page = client.get(url, {"ids": [row.pk for row in rows]})
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<meter") == 4 * 6
    assert "Role 3" in html and "(×8)" in html  # the first of eight values weighs eight


@pytest.mark.parametrize("count", [0, 1, 5])
def test_a_comparison_of_one_or_more_than_four_is_refused(client, nurse, count):
    rows = [new(nurse, title=f"Role {n}") for n in range(count)]
    client.force_login(nurse)
    response = client.get(reverse("opportunities:compare"), {"ids": [row.pk for row in rows]})
    assert response.status_code == 400
    assert "Choose two to four opportunities to compare." in response.content.decode()


def test_a_comparison_shows_nothing_of_another_plan(client, nurse):
    stranger = UserFactory()
    theirs = [new(stranger, title=f"Secret {n}") for n in range(2)]
    client.force_login(nurse)
    response = client.get(reverse("opportunities:compare"), {"ids": [row.pk for row in theirs]})
    assert response.status_code == 400 and "Secret" not in response.content.decode()


def test_a_mentor_sees_opportunities_only_when_shared(client, nurse):
    new(nurse, title="Product manager at Healthwise")
    mentor, unshared = UserFactory(), UserFactory()
    MentorshipFactory(mentee=nurse, mentor=mentor)
    MentorshipFactory(mentee=nurse, mentor=unshared, share_opportunities=False)
    url = reverse("mentoring:mentee", args=[nurse.pk])
    client.force_login(mentor)
    assert "Product manager at Healthwise" in client.get(url).content.decode()
    client.force_login(unshared)
    assert "Product manager at Healthwise" not in client.get(url).content.decode()


def test_sharing_is_off_by_default_for_a_new_mentorship():
    from apps.sharing.models import Mentorship

    mentee, mentor = UserFactory(), UserFactory()
    assert Mentorship.objects.create(mentee=mentee, mentor=mentor).share_opportunities is False


def test_ownership_templates_become_milestones_with_a_checklist_and_evidence(client, nurse):
    from apps.milestones import services as milestone_services

    done = milestone_services.milestone_create(
        owner=nurse, horizon=1, kind="goal", title="Led the falls audit"
    )
    milestone_services.milestone_reflect(
        milestone=done, lessons="Data convinces.", impact="Falls down by a third."
    )
    milestone_services.milestone_set_status(milestone=done, status="done")
    client.force_login(nurse)
    assert (
        "Falls down by a third." in client.get(reverse("opportunities:ownership")).content.decode()
    )
    response = client.post(
        reverse("opportunities:ownership_start"),
        {"template": "promotion", "horizon": 1, "target_date": "2027-01-31"},
    )
    milestone = Milestone.objects.get(owner=nurse, kind=MilestoneKind.OWNERSHIP)
    assert response.status_code == 302 and response.url == milestone.get_absolute_url()
    assert milestone.title == "Ask for a promotion"
    assert milestone.steps.count() == 5
    assert "Falls down by a third." in milestone.description
    assert done.get_absolute_url() in milestone.description


JOB = {
    "title": "Product Manager, Clinical Tools",
    "company": "Healthwise",
    "type": "Full-time",
    "date": "2026-11",
    "description": "Own the roadmap of our clinical tools.",
    "location": {"city": "Leeds", "countryCode": "GB"},
    "remote": "Hybrid",
    "salary": "£55,000",
    "responsibilities": ["Talk to clinicians every week"],
    "qualifications": ["Clinical experience"],
    "skills": [{"name": "Discovery", "level": "Mid", "keywords": []}],
    "meta": {"canonical": "https://example.com/jobs/42", "version": "v1.0.0"},
}


def test_a_json_resume_job_imports_as_an_opportunity(client, nurse):
    client.force_login(nurse)
    upload = SimpleUploadedFile("job.json", json.dumps(JOB).encode(), "application/json")
    response = client.post(reverse("opportunities:import"), {"file": upload})
    opportunity = Opportunity.objects.get(owner=nurse)
    assert response.status_code == 302 and response.url == opportunity.get_absolute_url()
    assert (opportunity.title, opportunity.organisation, opportunity.link) == (
        "Product Manager, Clinical Tools",
        "Healthwise",
        "https://example.com/jobs/42",
    )
    for text in ("Leeds, GB", "£55,000", "Talk to clinicians every week", "Discovery"):
        assert text in opportunity.description
    assert opportunity.stage == Stage.IDEA and opportunity.moves.count() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json", "This file is not JSON."),
        (b"[1, 2]", "one JSON object"),
        (json.dumps({"company": "X"}).encode(), "The job has no title."),
        (json.dumps({"title": ["x"]}).encode(), "“title” must be text."),
        (json.dumps({"title": "x", "responsibilities": "x"}).encode(), "must be a list"),
        (json.dumps({"title": "x" * 500}).encode(), "title:"),
        (b"\xff\xfe", "This file is not JSON."),
    ],
)
def test_a_bad_job_file_is_refused_with_a_reason(client, nurse, content, problem):
    client.force_login(nurse)
    upload = SimpleUploadedFile("job.json", content, "application/json")
    response = client.post(reverse("opportunities:import"), {"file": upload})
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not Opportunity.objects.exists()


def test_today_lists_next_actions_and_opportunities_that_stalled(client, nurse):
    opportunity = new(
        nurse, title="Product manager", organisation="Healthwise", next_action="Email Sam"
    )
    client.force_login(nurse)
    with at(DAY + datetime.timedelta(days=7)):
        page = client.get(reverse("today")).content.decode()
        assert f'data-key="opportunity:{opportunity.pk}"' in page and "Email Sam" in page
        response = client.post(reverse("today_done", args=[f"opportunity:{opportunity.pk}"]))
        assert "due in a week" in messages_of(response)[-1]
        assert (
            f'data-key="opportunity:{opportunity.pk}"'
            not in client.get(reverse("today")).content.decode()
        )
    opportunity.refresh_from_db()
    assert opportunity.next_action == "" and opportunity.next_action_on == DAY + datetime.timedelta(
        days=14
    )
    with at(DAY + datetime.timedelta(days=14)):
        page = client.get(reverse("today")).content.decode()
    assert f'data-key="stalled:{opportunity.pk}"' in page  # 14 days without a move


def test_the_calendar_feed_holds_the_next_actions(client, nurse):
    from apps.accounts.audit import Actor
    from apps.dataio.services import calendar_feed_regenerate

    new(
        nurse,
        title="Product manager",
        next_action="Email Sam",
        next_action_on=datetime.date(2026, 12, 9),
    )
    key = calendar_feed_regenerate(user=nurse, actor=Actor(nurse)).key
    feed = Client().get(reverse("dataio:calendar_feed", args=[key])).content.decode()
    assert "SUMMARY:Next action: Email Sam (Product manager)" in feed
    assert "DTSTART;VALUE=DATE:20261209" in feed


def test_the_api_creates_and_moves_and_refuses_a_decision_without_a_reason(client, nurse):
    client.force_login(nurse)
    with at(DAY):
        created = client.post(
            reverse("api:opportunity-list"),
            {"title": "Product manager", "kind": "role", "organisation": "Healthwise"},
            content_type="application/json",
        )
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        moved = client.post(
            reverse("api:stagemove-list"),
            {"opportunity": pk, "stage": "applied", "moved_on": DAY.isoformat()},
            content_type="application/json",
        )
        assert moved.status_code == 201, moved.content
        decided = client.post(
            reverse("api:stagemove-list"),
            {"opportunity": pk, "stage": "accepted", "moved_on": DAY.isoformat()},
            content_type="application/json",
        )
        early = client.post(
            reverse("api:stagemove-list"),
            {"opportunity": pk, "stage": "interviewing", "moved_on": "2026-01-01"},
            content_type="application/json",
        )
    assert decided.status_code == 400 and "decide" in decided.content.decode()
    assert early.status_code == 400 and "before the last one" in early.content.decode()
    assert Opportunity.objects.get(pk=pk).stage == Stage.APPLIED
    stranger = UserFactory()
    client.force_login(stranger)
    theirs = client.post(
        reverse("api:stagemove-list"),
        {"opportunity": pk, "stage": "offer", "moved_on": DAY.isoformat()},
        content_type="application/json",
    )
    assert theirs.status_code == 400 and Opportunity.objects.get(pk=pk).stage == Stage.APPLIED


def test_the_export_carries_opportunities_their_moves_scores_and_people(client):
    from apps.dataio import portability
    from tests.dataio.test_dataio import comparable
    from tests.worlds import one_of_everything

    owner = UserFactory()
    one_of_everything(owner)
    document = portability.export_document(owner)
    assert document["version"] >= 6
    assert {row["title"] for row in document["opportunities"]} == {
        "Product manager, clinical tools",
        "Night-shift lead",
    }
    assert len(document["opportunity_moves"]) == 4
    assert [row["score"] for row in document["opportunity_horizon_scores"]] == [5]
    assert document["reminder_preference"]["opportunities"] is False

    newcomer = UserFactory()
    client.force_login(newcomer)
    upload = SimpleUploadedFile("plan.zip", portability.export_zip(owner))
    assert client.post(reverse("dataio:import"), {"file": upload}).status_code == 200
    again = portability.export_document(newcomer)
    assert comparable(again) == comparable(document)
    imported = Opportunity.objects.get(owner=newcomer, stage=Stage.APPLIED)
    assert imported.horizon_scores.get().horizon.owner == newcomer
    assert imported.contacts.get().owner == newcomer


def test_an_export_of_version_5_imports_without_opportunities(client):
    from apps.dataio import portability
    from apps.reminders.models import ReminderPreference

    document = {
        "format": portability.FORMAT,
        "version": 5,
        "reminder_preference": {"contact_due": False, "comments": "weekly"},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))
    newcomer = UserFactory()
    client.force_login(newcomer)
    upload = SimpleUploadedFile("plan.zip", buffer.getvalue())
    assert client.post(reverse("dataio:import"), {"file": upload}).status_code == 200
    assert ReminderPreference.objects.get(user=newcomer).opportunities is True
    assert not Opportunity.objects.filter(owner=newcomer).exists()


def test_a_change_made_through_an_object_read_before_a_move_keeps_the_move(nurse):
    opportunity = new(nurse)
    stale = [Opportunity.objects.get(pk=opportunity.pk) for _ in range(3)]
    services.opportunity_move(opportunity=opportunity, stage="applied", on=DAY, today=DAY)

    services.opportunity_score(opportunity=stale[0], horizons={}, values={}, pay=3)
    services.opportunity_snooze(
        opportunity=stale[1], until=DAY + datetime.timedelta(days=3), today=DAY
    )
    services.opportunity_action_done(opportunity=stale[2], today=DAY)

    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.pay) == (Stage.APPLIED, 3)
    assert opportunity.moves.count() == 2


def test_the_cached_list_follows_every_change(client, nurse, django_assert_max_num_queries):
    opportunity = new(nurse, title="Product manager")
    client.force_login(nurse)
    url = reverse("opportunities:index")
    assert "Product manager" in client.get(url).content.decode()
    with django_assert_max_num_queries(2):  # the session and the user: the list is cached
        client.get(url)

    services.opportunity_move(opportunity=opportunity, stage="interviewing", on=DAY, today=DAY)
    new(nurse, title="Stretch: lead the audit", kind="stretch")

    page = client.get(url).content.decode()
    assert "Interviewing" in page and "Stretch: lead the audit" in page


def test_a_mentor_sees_people_and_values_only_from_the_areas_shared(client, nurse):
    contact = ContactFactory(owner=nurse, name="Amara Obi")
    opportunity = new(nurse, contacts=[contact])
    value = selectors.ranked_values(owner=nurse)[0]
    services.opportunity_score(opportunity=opportunity, horizons={}, values={value: 5}, pay=2)
    only, everything = UserFactory(), UserFactory()
    MentorshipFactory(
        mentee=nurse, mentor=only, share_vision=False, share_network=False
    )  # opportunities alone
    MentorshipFactory(mentee=nurse, mentor=everything)
    url = opportunity.get_absolute_url()

    client.force_login(only)
    page = client.get(url).content.decode()
    assert "Amara Obi" not in page and "Patient impact" not in page
    assert "Pay" in page  # the paycheck factors are the opportunity's own
    client.force_login(everything)
    page = client.get(url).content.decode()
    assert "Amara Obi" in page and "Patient impact" in page


def test_the_api_filter_does_not_tell_anothers_opportunity_from_a_missing_one(client, nurse):
    theirs = new(UserFactory(), title="Theirs")
    client.force_login(nurse)
    url = reverse("api:stagemove-list")
    other = client.get(url, {"opportunity": theirs.pk})
    missing = client.get(url, {"opportunity": theirs.pk + 1000})
    assert (other.status_code, other.json()["count"]) == (missing.status_code, 0) == (200, 0)


@pytest.mark.parametrize("ids", [["abc"], ["99999999999999999999"], ["-1", "0"], ["1e3"]])
def test_a_comparison_of_nonsense_ids_is_refused_not_a_crash(client, nurse, ids):
    client.force_login(nurse)
    response = client.get(reverse("opportunities:compare"), {"ids": ids})
    assert response.status_code == 400


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_an_ownership_milestone_with_an_impossible_date_is_refused(client, nurse, day):
    client.force_login(nurse)
    response = client.post(
        reverse("opportunities:ownership_start"),
        {"template": "promotion", "horizon": 1, "target_date": day},
    )
    assert response.status_code == 302 and response.url == reverse("opportunities:ownership")
    assert not Milestone.objects.filter(owner=nurse).exists()


def test_a_job_file_with_text_that_is_not_unicode_is_refused(client, nurse):
    client.force_login(nurse)
    upload = SimpleUploadedFile("job.json", b'{"title": "PM \\ud800"}', "application/json")
    response = client.post(reverse("opportunities:import"), {"file": upload})
    assert response.status_code == 400
    assert "not valid Unicode" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_accepting_a_role_with_a_long_title_and_a_long_reason(nurse):
    opportunity = new(nurse, title="Product manager " + "x" * 180, organisation="")
    too_long = "y" * 1950
    with pytest.raises(ValidationError, match="characters or fewer"):
        services.opportunity_decide(
            opportunity=opportunity, decision="accepted", reason=too_long, on=DAY, today=DAY
        )
    services.opportunity_decide(
        opportunity=opportunity, decision="accepted", reason="y" * 1900, on=DAY, today=DAY
    )
    job = Job.objects.get(owner=nurse, end_date__isnull=True)
    assert len(job.title) == 120 and job.title.startswith("Product manager")


def test_the_new_ledger_scores_only_the_horizons_still_written(nurse):
    opportunity = new(nurse)
    horizons = {h.years: h for h in selectors.written_horizons(owner=nurse)}
    services.opportunity_score(
        opportunity=opportunity, horizons={horizons[1]: 4, horizons[5]: 5}, values={}
    )
    vision_services.horizon_update(horizon=horizons[1], statement="")
    services.opportunity_decide(
        opportunity=opportunity, decision="accepted", reason="Yes.", on=DAY, today=DAY
    )
    entry = Job.objects.get(owner=nurse, end_date__isnull=True).ledger_entries.get()
    assert (entry.score_1, entry.score_5) == (None, 5)


def test_an_edit_that_empties_the_next_action_date_keeps_one(client, nurse):
    opportunity = new(nurse, title="Product manager")
    client.force_login(nurse)
    response = client.post(
        reverse("opportunities:edit", args=[opportunity.pk]),
        {"title": "Product manager", "kind": "role", "stall_after_days": 14},
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.next_action_on == DAY + datetime.timedelta(days=7)


def test_a_refused_move_shows_what_is_saved(client, nurse):
    opportunity = new(nurse)
    client.force_login(nurse)
    with at(DAY + datetime.timedelta(days=1)):
        response = client.post(
            reverse("opportunities:move", args=[opportunity.pk]),
            {"stage": "interviewing", "on": "2026-10-01", "label": "Never saved"},
        )
    assert response.status_code == 400
    head = response.content.decode().split('class="milestone-meta"')[1].split("</p>")[0]
    assert "Idea" in head and "Never saved" not in head
