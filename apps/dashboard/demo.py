"""Demo data for `manage.py seed_demo`: a mentee with a believable plan, and her mentor."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.accounts.audit import Actor
from apps.accounts.models import User
from apps.accounts.services import user_upsert_verified
from apps.checkins import services as checkin_services
from apps.checkins.models import CheckIn, CheckInRhythm
from apps.learning import services as learning_services
from apps.learning.models import LearningItem, LearningKind, LearningStatus, Skill
from apps.meetings import services as meetings_services
from apps.meetings.models import Agreement, Reflection, Session, TalkingPoint
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Invitation
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone, MilestoneKind, MilestoneStatus
from apps.network import services as network_services
from apps.network.models import (
    Cadence,
    Contact,
    Event,
    EventKind,
    InteractionKind,
    Relationship,
    Tag,
)
from apps.opportunities import services as opportunity_services
from apps.opportunities.models import Opportunity
from apps.record import services as record_services
from apps.record.models import BragDocument, Purpose
from apps.sharing.models import Mentorship
from apps.vision import services as vision_services
from apps.vision.models import Horizon, Job, Value, Vision, VisionRevision

DEMO_PASSWORD = "career-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def _reset_plan(owner: User) -> None:
    for model in (
        Opportunity,
        Event,
        Contact,
        Tag,
        LearningItem,
        Skill,
        Milestone,
        Job,
        Value,
        Horizon,
        Vision,
        VisionRevision,
        BragDocument,
        Session,
        Agreement,
        TalkingPoint,
        Reflection,
    ):
        model.objects.filter(owner=owner).delete()


def _seed_vision(owner: User) -> None:
    vision_services.vision_update(
        owner=owner,
        beyond_the_paycheck=(
            "Helping small shops and the people who drive their deliveries get a fair deal, "
            "and showing that numbers can make work kinder, not just faster."
        ),
        north_star=10,
        horizons={
            1: {
                "statement": "Own pricing analytics for our largest client segment and present "
                "what I find to the leadership team myself.",
                "target_role": "Senior data analyst",
                "why": "I want my work to change decisions, not just describe them.",
            },
            5: {
                "statement": "Lead a small analytics team that the business asks first.",
                "target_role": "Analytics lead",
                "why": "Growing other people is how my impact grows.",
            },
            10: {
                "statement": "Head of Data at a mission-driven logistics company, known for "
                "making data a tool everyone can use.",
                "target_role": "Head of Data",
                "why": "Logistics touches everyone; better decisions there help a lot of people.",
            },
            20: {
                "statement": "Teach data literacy, mentor analysts from backgrounds like mine and "
                "sit on the board of a non-profit.",
                "target_role": "Advisor and mentor",
                "why": "Somebody opened doors for me; I want to open them for others.",
            },
        },
    )
    for name, meaning in [
        ("Curiosity", "I ask why until the answer is useful."),
        ("Fairness", "Numbers should not hide who pays the price."),
        ("Craft", "Work I would be proud to show line by line."),
        ("Time with family", "Evenings and weekends are not negotiable."),
    ]:
        vision_services.value_create(owner=owner, name=name, meaning=meaning)


def _seed_jobs(owner: User, today: datetime.date) -> None:
    first = vision_services.job_create(
        owner=owner,
        title="Junior analyst",
        organisation="Contoso Retail",
        start_date=datetime.date(2019, 3, 4),
        end_date=datetime.date(2022, 12, 23),
    )
    vision_services.ledger_entry_create(
        job=first,
        recorded_on=datetime.date(2022, 11, 30),
        skills="SQL, Excel modelling, weekly reporting",
        connections="My first mentor, the store operations team",
        knowledge="How retail margins really work",
        still_want="",
        score_1=3,
        score_5=3,
        score_10=2,
        score_20=2,
    )
    current = vision_services.job_create(
        owner=owner,
        title="Data analyst",
        organisation="Northwind Logistics",
        start_date=datetime.date(2023, 1, 9),
    )
    vision_services.ledger_entry_create(
        job=current,
        recorded_on=today - datetime.timedelta(days=300),
        skills="dbt, Python, stakeholder interviews",
        connections="Pricing and operations leads, two client account managers",
        knowledge="Freight pricing and route economics",
        still_want="A project I own end to end, and time in front of the leadership team",
        score_1=5,
        score_5=4,
        score_10=4,
        score_20=3,
    )
    vision_services.ledger_entry_create(
        job=current,
        recorded_on=today - datetime.timedelta(days=20),
        skills="Dashboard performance tuning",
        connections="",
        knowledge="",
        still_want="Ownership of the client analytics budget; a team to lead",
        score_1=4,
        score_5=3,
        score_10=3,
        score_20=3,
    )


def _seed_milestones(owner: User, today: datetime.date) -> None:
    def days(n):
        return today + datetime.timedelta(days=n)

    plans = [
        (
            "Finish the pricing dashboard rebuild",
            1,
            MilestoneKind.GOAL,
            days(45),
            MilestoneStatus.IN_PROGRESS,
            [
                "Interview the three pricing leads",
                "Rebuild the data model in dbt",
                "Cut load time below two seconds",
                "Train the account managers",
            ],
            2,
        ),
        (
            "Present quarterly insights to the leadership team",
            1,
            MilestoneKind.CHALLENGE,
            days(80),
            MilestoneStatus.PLANNED,
            ["Draft the story in five slides", "Rehearse with Sam"],
            0,
        ),
        (
            "Ask for ownership of the client analytics budget",
            1,
            MilestoneKind.OWNERSHIP,
            days(-10),
            MilestoneStatus.PLANNED,
            [],
            0,
        ),
        (
            "Complete the dbt analytics engineering certification",
            1,
            MilestoneKind.LEARNING,
            days(-40),
            MilestoneStatus.DONE,
            [],
            0,
        ),
        (
            "Speak at the local data meet-up",
            5,
            MilestoneKind.CHALLENGE,
            days(-60),
            MilestoneStatus.DONE,
            [],
            0,
        ),
        (
            "Build a peer group of analytics leads",
            5,
            MilestoneKind.NETWORKING,
            None,
            MilestoneStatus.IN_PROGRESS,
            [],
            0,
        ),
        (
            "Lead a team of three or more analysts",
            5,
            MilestoneKind.GOAL,
            days(3 * 365),
            MilestoneStatus.PLANNED,
            [],
            0,
        ),
        (
            "Become Head of Data",
            10,
            MilestoneKind.GOAL,
            days(8 * 365),
            MilestoneStatus.PLANNED,
            [],
            0,
        ),
        (
            "Mentor ten junior analysts",
            20,
            MilestoneKind.GOAL,
            days(15 * 365),
            MilestoneStatus.PLANNED,
            [],
            0,
        ),
    ]
    for title, horizon, kind, target_date, status, steps, steps_done in plans:
        milestone = milestone_services.milestone_create(
            owner=owner,
            title=title,
            horizon=horizon,
            kind=kind,
            target_date=target_date,
            status=status,
            description=f"Part of my **{horizon}-year** plan.",
            lessons="Preparation beats talent on the day." if status == "done" else "",
            impact="People now ask me about this topic." if status == "done" else "",
        )
        for index, step_title in enumerate(steps):
            step = milestone_services.step_create(milestone=milestone, title=step_title)
            if index < steps_done:
                milestone_services.step_set_done(step=step, done=True)


def _seed_learning(owner: User, today: datetime.date) -> None:
    def days(n):
        return today + datetime.timedelta(days=n)

    dashboards = Milestone.objects.get(owner=owner, title__startswith="Finish the pricing")
    talk = Milestone.objects.get(owner=owner, title__startswith="Present quarterly")
    skills = {
        name: learning_services.skill_create(
            owner=owner,
            name=name,
            current_level=current,
            target_level=target,
            why=why,
            horizon=horizon,
            milestone=milestone,
        )
        for name, current, target, why, horizon, milestone in [
            ("SQL and data modelling", 4, 5, "The base of everything I build.", 1, dashboards),
            ("Storytelling with data", 2, 4, "Insights only matter if people act.", 1, talk),
            ("Leading people", 1, 4, "My 5-year horizon is a team.", 5, None),
            ("Pricing economics", 3, 4, "The language of our leadership.", 5, None),
        ]
    }
    for title, kind, provider, status, hours, started, finished, issued, expires, skill_names in [
        (
            "dbt Analytics Engineering",
            LearningKind.CERTIFICATION,
            "dbt Labs",
            LearningStatus.DONE,
            30,
            days(-150),
            days(-40),
            days(-40),
            days(690),
            ["SQL and data modelling"],
        ),
        (
            "Google Data Analytics",
            LearningKind.CERTIFICATION,
            "Coursera",
            LearningStatus.DONE,
            60,
            days(-800),
            days(-700),
            days(-700),
            days(35),
            ["SQL and data modelling"],
        ),
        (
            "Storytelling with Data",
            LearningKind.BOOK,
            "Cole Nussbaumer Knaflic",
            LearningStatus.IN_PROGRESS,
            6,
            days(-20),
            None,
            None,
            None,
            ["Storytelling with data"],
        ),
        (
            "The Manager's Path",
            LearningKind.BOOK,
            "Camille Fournier",
            LearningStatus.PLANNED,
            0,
            None,
            None,
            None,
            None,
            ["Leading people"],
        ),
        (
            "Pricing strategy",
            LearningKind.COURSE,
            "Open University",
            LearningStatus.IN_PROGRESS,
            12,
            days(-75),
            None,
            None,
            None,
            ["Pricing economics"],
        ),
        (
            "Freight pricing model rebuild",
            LearningKind.PROJECT,
            "Northwind",
            LearningStatus.DONE,
            25,
            days(-200),
            days(-120),
            None,
            None,
            ["SQL and data modelling", "Pricing economics"],
        ),
    ]:
        learning_services.learning_item_create(
            owner=owner,
            title=title,
            kind=kind,
            provider=provider,
            status=status,
            hours_spent=hours,
            started_on=started,
            finished_on=finished,
            issued_on=issued,
            expires_on=expires,
            skills=[skills[name] for name in skill_names],
        )


def _seed_network(owner: User, today: datetime.date) -> None:
    def days(n):
        return today + datetime.timedelta(days=n)

    ten_years = Horizon.objects.get(owner=owner, years=10)
    team = Milestone.objects.get(owner=owner, title__startswith="Lead a team")
    people = {}
    for name, organisation, role, relationship, cadence, tags, last_contact in [
        (
            "Sam Whitfield",
            "Contoso",
            "Head of Analytics",
            Relationship.MENTOR,
            Cadence.MONTHLY,
            ["mentor"],
            days(-45),
        ),
        (
            "Amara Nwosu",
            "Northwind Logistics",
            "Head of Pricing",
            Relationship.SPONSOR,
            Cadence.QUARTERLY,
            ["pricing", "northwind"],
            days(-80),
        ),
        (
            "Jonas Berg",
            "Contoso",
            "Data engineer",
            Relationship.PEER,
            Cadence.TWICE_A_YEAR,
            ["data"],
            days(-30),
        ),
        (
            "Priya Raman",
            "Tailspin Toys",
            "VP Data",
            Relationship.OTHER,
            Cadence.YEARLY,
            ["data", "london"],
            days(-400),
        ),
        (
            "Luis Ortega",
            "Northwind Logistics",
            "Analyst",
            Relationship.MENTEE,
            Cadence.MONTHLY,
            ["northwind"],
            days(-10),
        ),
    ]:
        contact = network_services.contact_create(
            owner=owner,
            name=name,
            organisation=organisation,
            role=role,
            relationship=relationship,
            cadence=cadence,
            tag_names=tags,
            email=f"{name.split()[0].lower()}@example.org",
            where_met="Work",
        )
        network_services.interaction_log(
            contact=contact, date=last_contact, kind=InteractionKind.COFFEE, notes="Caught up."
        )
        people[name] = contact
    people["Priya Raman"].horizons.add(ten_years)
    people["Sam Whitfield"].milestones.add(team)
    network_services.event_create(
        owner=owner,
        name="PyData London",
        kind=EventKind.CONFERENCE,
        date=days(-60),
        location="London",
        attended=True,
        contacts=[people["Jonas Berg"]],
    )
    network_services.event_create(
        owner=owner,
        name="Logistics Analytics Meet-up",
        kind=EventKind.MEETUP,
        date=days(25),
        location="Manchester",
    )
    # an email BCC'd to her private address: logged with Jonas, Grace waits in the Inbox
    network_services.email_log(
        owner=owner,
        people=[("Jonas Berg", "jonas@example.org"), ("Grace Hopper", "grace@example.net")],
        subject="Intro: the data platform team",
        date=days(-2),
        note="Jonas introduced me to Grace, who runs the data platform team.",
    )


def _seed_mentoring(mentee: User, mentor: User) -> None:
    Mentorship.objects.filter(mentee=mentee).delete()
    Invitation.objects.filter(mentee=mentee).delete()
    # opportunities are private unless shared: Maya shares hers, to talk them over with Sam
    Mentorship.objects.create(
        mentee=mentee, mentor=mentor, share_network=False, share_opportunities=True
    )
    talk = Milestone.objects.get(owner=mentee, title__startswith="Present quarterly")
    question = mentoring_services.comment_create(
        author=mentor,
        item=talk,
        body="Start with the decision you want from them, then the two numbers that support it.",
    )
    mentoring_services.comment_create(
        author=mentee, item=talk, body="Good call. Can we rehearse on the 12th?", parent=question
    )
    mentoring_services.comment_create(
        author=mentor,
        item=Horizon.objects.get(owner=mentee, is_north_star=True),
        body="Love this. What would *mission-driven* mean in your next job search?",
    )


def _seed_opportunities(owner: User, today: datetime.date) -> None:
    """A role she is interviewing for, a project she could propose, each weighed against her
    plan, and a role she turned down, with why."""

    def days(n):
        return today + datetime.timedelta(days=n)

    horizons = list(Horizon.objects.filter(owner=owner).order_by("years"))
    values = list(Value.objects.filter(owner=owner).order_by("position"))
    amara = Contact.objects.get(owner=owner, name="Amara Nwosu")
    role = opportunity_services.opportunity_create(
        owner=owner,
        on=days(-20),
        kind="role",
        title="Senior pricing analyst",
        organisation="Fairfreight",
        link="https://example.com/jobs/senior-pricing-analyst",
        source="Amara's recommendation",
        description="Own pricing analytics for **small-shop** customers and present to the board.",
        contacts=[amara],
        stage="applied",
    )
    opportunity_services.opportunity_move(
        opportunity=role,
        stage="interviewing",
        label="Case study",
        on=days(-6),
        today=today,
        next_action="Prepare the case study",
        next_action_on=days(2),
    )
    project = opportunity_services.opportunity_create(
        owner=owner,
        on=days(-10),
        kind="project",
        title="Propose a routing-data project",
        organisation="Northwind Logistics",
        next_action="Sketch the first three steps",
        next_action_on=days(4),
        stage="exploring",
    )
    for opportunity, toward, fit, paycheck in [
        (role, [5, 4, 4, 2], [4, 5, 3, 2], {"pay": 4, "time": 2, "security": 3, "location": 4}),
        (project, [4, 3, 3, 2], [5, 4, 5, 5], {"pay": 2, "time": 4, "security": 5, "location": 5}),
    ]:
        opportunity_services.opportunity_score(
            opportunity=opportunity,
            horizons=dict(zip(horizons, toward, strict=True)),
            values=dict(zip(values, fit, strict=True)),
            **paycheck,
        )
    declined = opportunity_services.opportunity_create(
        owner=owner,
        on=days(-90),
        kind="role",
        title="Analytics manager, night operations",
        organisation="Contoso Freight",
        stage="offer",
    )
    opportunity_services.opportunity_decide(
        opportunity=declined,
        decision="declined",
        reason="More pay, but nights would take the evenings I keep for family.",
        on=days(-80),
        today=today,
    )


def _seed_checkins(owner: User, now: datetime.datetime) -> None:
    CheckIn.objects.filter(owner=owner).delete()
    answers = [  # each answers the step the one before committed to
        (
            3,
            2,
            "How freight contracts are priced.",
            "Lunch with the pricing team.",
            3,
            "",
            "Ask Amara what a strong talk abstract looks like",
        ),
        (
            3,
            3,
            "dbt incremental models.",
            "Messaged Jonas about PyData.",
            4,
            "done",
            "Send the PyData abstract",
        ),
        (
            4,
            4,
            "Presenting to a room of directors.",
            "Thanked Amara for her sponsorship.",
            5,
            "done",
            "Draft the talk outline",
        ),
        (2, 2, "Not much: a week of firefighting.", "", 2, "not_yet", "Draft the talk outline"),
        (
            4,
            3,
            "Storytelling: lead with the decision.",
            "Coffee with Sam.",
            4,
            "partly",
            "Book the rehearsal with Sam",
        ),
    ]
    for weeks_ago, (progress, career, learned, network, mood, outcome, step) in zip(
        range(len(answers), 0, -1), answers, strict=True
    ):
        checkin = checkin_services.checkin_create(
            owner=owner,
            north_star_progress=progress,
            job_or_career=career,
            learned=learned,
            network=network,
            mood=mood,
            next_step=step,
            previous_step_outcome=outcome,
        )
        CheckIn.objects.filter(pk=checkin.pk).update(
            created_at=now - datetime.timedelta(weeks=weeks_ago)
        )
    CheckInRhythm.objects.update_or_create(
        user=owner, defaults={"checkin_cadence": "weekly", "checkin_weekday": 4, "checkin_hour": 16}
    )


@transaction.atomic
def _seed_record(owner: User, mentor: User, today: datetime.date) -> None:
    """The brag document of Maya's last year, for her review, shared with Sam to go over it."""
    document = record_services.brag_document_create(
        owner=owner,
        purpose=Purpose.MY_REVIEW,
        start=today - datetime.timedelta(days=364),
        end=today,
    )
    record_services.brag_document_share(
        document=document, mentorships=Mentorship.objects.filter(mentee=owner, mentor=mentor)
    )


def _next_twelfth(today: datetime.date) -> datetime.date:
    """The 12th of this month, or of the next when it is less than two days away."""
    day = today.replace(day=12)
    if day < today + datetime.timedelta(days=2):
        day = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=12)
    return day


@transaction.atomic
def _seed_sessions(mentee: User, mentor: User, now: datetime.datetime) -> None:
    """Maya and Sam's agreement, their last session with its notes and action items, a point
    she wants to raise, and the rehearsal she asked for "on the 12th", waiting for Sam."""
    mentorship = Mentorship.objects.get(mentee=mentee, mentor=mentor, ended_at__isnull=True)
    maya, sam = Actor(mentee), Actor(mentor)
    agreement = meetings_services.agreement_propose(
        mentorship=mentorship,
        actor=maya,
        purpose="Get ready to **lead the pricing team**: present to the board with confidence, "
        "and build the case for a team lead role by next summer.",
        every_weeks=2,
        until=now.date() + datetime.timedelta(days=240),
        horizons=Horizon.objects.filter(owner=mentee, years__in=[1, 5]),
        milestones=Milestone.objects.filter(owner=mentee, title__startswith="Present quarterly"),
    )
    meetings_services.agreement_confirm(agreement=agreement, actor=sam)
    last = meetings_services.session_log(
        mentorship=mentorship,
        actor=sam,
        starts_at=(now - datetime.timedelta(days=12)).replace(
            hour=17, minute=0, second=0, microsecond=0
        ),
        minutes=45,
        place="https://meet.example.com/maya-sam",
        notes="- The board wants **one decision** per slide.\n"
        "- Maya to lead with the margin story, then two numbers.\n"
        "- Sam to share his deck from last year's budget round.",
    )
    meetings_services.action_item_create(
        session=last,
        actor=sam,
        assignee=mentee,
        title="Draft the three-slide story for the quarterly review",
        due_on=now.date() + datetime.timedelta(days=4),
    )
    shared = meetings_services.action_item_create(
        session=last, actor=sam, assignee=mentor, title="Send Maya last year's budget deck"
    )
    meetings_services.action_item_set_done(item=shared, actor=sam)
    meetings_services.talking_point_add(
        mentorship=mentorship, actor=maya, text="How do I ask for the team lead role?"
    )
    london = zoneinfo.ZoneInfo(mentee.time_zone)
    rehearsal = datetime.datetime.combine(
        _next_twelfth(timezone.localdate(timezone=london)), datetime.time(15, 0), london
    )
    meetings_services.session_propose(
        mentorship=mentorship,
        actor=maya,
        starts_at=rehearsal,
        minutes=60,
        place="https://meet.example.com/maya-sam",
    )


def demo_seed() -> list[DemoLogin]:
    """Creates (or resets) the demo accounts and Maya's plan; safe to run again."""
    today = timezone.localdate()
    maya = user_upsert_verified(
        email="maya@example.com",
        password=DEMO_PASSWORD,
        display_name="Maya Okafor",
        headline="Data analyst at Northwind Logistics",
        time_zone="Europe/London",
    )
    sam = user_upsert_verified(
        email="sam@example.com",
        password=DEMO_PASSWORD,
        display_name="Sam Whitfield",
        headline="Head of Analytics at Contoso",
        time_zone="Europe/Berlin",
    )
    _reset_plan(maya)
    _seed_vision(maya)
    _seed_jobs(maya, today)
    _seed_milestones(maya, today)
    _seed_learning(maya, today)
    _seed_network(maya, today)
    _seed_opportunities(maya, today)
    _seed_mentoring(maya, sam)
    _seed_checkins(maya, timezone.now())
    _seed_record(maya, sam, today)
    _seed_sessions(maya, sam, timezone.now())
    return [
        DemoLogin("mentee", "maya@example.com", DEMO_PASSWORD),
        DemoLogin("mentor", "sam@example.com", DEMO_PASSWORD),
    ]
