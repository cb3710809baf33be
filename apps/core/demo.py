"""Demo data for `manage.py seed_demo`: a mentee with a believable plan, and her mentor."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import user_upsert_verified
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone, MilestoneKind, MilestoneStatus
from apps.vision import services as vision_services
from apps.vision.models import Horizon, Job, Value, Vision, VisionRevision

DEMO_PASSWORD = "career-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def _reset_plan(owner: User) -> None:
    for model in (Milestone, Job, Value, Horizon, Vision, VisionRevision):
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
        score_1=3, score_5=3, score_10=2, score_20=2,
    )  # fmt: skip
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
        score_1=5, score_5=4, score_10=4, score_20=3,
    )  # fmt: skip
    vision_services.ledger_entry_create(
        job=current,
        recorded_on=today - datetime.timedelta(days=20),
        skills="Dashboard performance tuning",
        connections="",
        knowledge="",
        still_want="Ownership of the client analytics budget; a team to lead",
        score_1=4, score_5=3, score_10=3, score_20=3,
    )  # fmt: skip


def _seed_milestones(owner: User, today: datetime.date) -> None:
    def days(n):
        return today + datetime.timedelta(days=n)

    plans = [
        ("Finish the pricing dashboard rebuild", 1, MilestoneKind.GOAL, days(45),
         MilestoneStatus.IN_PROGRESS,
         ["Interview the three pricing leads", "Rebuild the data model in dbt",
          "Cut load time below two seconds", "Train the account managers"], 2),
        ("Present quarterly insights to the leadership team", 1, MilestoneKind.CHALLENGE, days(80),
         MilestoneStatus.PLANNED, ["Draft the story in five slides", "Rehearse with Sam"], 0),
        ("Ask for ownership of the client analytics budget", 1, MilestoneKind.OWNERSHIP, days(-10),
         MilestoneStatus.PLANNED, [], 0),
        ("Complete the dbt analytics engineering certification", 1, MilestoneKind.LEARNING,
         days(-40), MilestoneStatus.DONE, [], 0),
        ("Speak at the local data meet-up", 5, MilestoneKind.CHALLENGE, days(-60),
         MilestoneStatus.DONE, [], 0),
        ("Build a peer group of analytics leads", 5, MilestoneKind.NETWORKING, None,
         MilestoneStatus.IN_PROGRESS, [], 0),
        ("Lead a team of three or more analysts", 5, MilestoneKind.GOAL, days(3 * 365),
         MilestoneStatus.PLANNED, [], 0),
        ("Become Head of Data", 10, MilestoneKind.GOAL, days(8 * 365), MilestoneStatus.PLANNED,
         [], 0),
        ("Mentor ten junior analysts", 20, MilestoneKind.GOAL, days(15 * 365),
         MilestoneStatus.PLANNED, [], 0),
    ]  # fmt: skip
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


@transaction.atomic
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
    user_upsert_verified(
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
    return [
        DemoLogin("mentee", "maya@example.com", DEMO_PASSWORD),
        DemoLogin("mentor", "sam@example.com", DEMO_PASSWORD),
    ]
