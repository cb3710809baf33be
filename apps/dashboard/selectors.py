import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse

from apps.checkins.models import CheckIn
from apps.core.today import TodayItem, today_source, today_sources
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon, Job, LedgerEntry, Value

from .models import SetupSkip, SetupStep, TodaySnooze


@dataclass(frozen=True)
class SetupItem:
    step: str
    label: str
    done: bool
    skipped: bool

    @property
    def url(self) -> str:
        return reverse("setup_step", args=[self.step])


def _done_query(step: str):
    """Whether the user (OuterRef "pk") has done a first-run step, as an EXISTS subquery."""
    owner = OuterRef("pk")
    return {
        SetupStep.VISION: Horizon.objects.filter(owner=owner, is_north_star=True),
        SetupStep.VALUES: Value.objects.filter(owner=owner),
        SetupStep.JOB: LedgerEntry.objects.filter(job__owner=owner, job__end_date__isnull=True),
        SetupStep.MILESTONE: Milestone.objects.filter(owner=owner),
    }[step]


def _setup_state(owner, **more) -> dict:
    """One query on the user's row: each setup step done and skipped, and any `more` subqueries."""
    annotations = {}
    for step in SetupStep.values:
        annotations[f"done_{step}"] = Exists(_done_query(step))
        annotations[f"skipped_{step}"] = Exists(
            SetupSkip.objects.filter(owner=OuterRef("pk"), step=step)
        )
    return get_user_model().objects.filter(pk=owner.pk).values(**annotations, **more).get()


def _setup_items(state: dict) -> list[SetupItem]:
    return [
        SetupItem(step.value, step.label, state[f"done_{step}"], state[f"skipped_{step}"])
        for step in SetupStep
    ]


def setup_status(*, owner) -> list[SetupItem]:
    """The first-run steps in order, each done or not, skipped or not, in one query."""
    return _setup_items(_setup_state(owner))


@dataclass(frozen=True)
class PlanSummary:
    setup: list[SetupItem]
    network_size: int
    last_checkin: datetime.datetime | None

    @property
    def setup_missing(self) -> list[SetupItem]:
        return [item for item in self.setup if not item.done]


def plan_summary(*, owner) -> PlanSummary:
    """The setup steps, the network's size and the last check-in, in one query."""
    state = _setup_state(
        owner,
        network_size=Subquery(
            Contact.objects.filter(owner=OuterRef("pk"))
            .order_by()
            .values("owner")
            .annotate(total=Count("pk"))
            .values("total")[:1]
        ),
        last_checkin=Subquery(
            CheckIn.objects.filter(owner=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
    )
    return PlanSummary(_setup_items(state), state["network_size"] or 0, state["last_checkin"])


# Each first-run step is an area's own page; the job step is the job, then its first ledger entry.
STEP_PAGES = {
    SetupStep.VISION: ["vision:edit"],
    SetupStep.VALUES: ["vision:values"],
    SetupStep.JOB: ["vision:job_create", "vision:ledger_create"],
    SetupStep.MILESTONE: ["milestones:create"],
}


def setup_step_url(*, owner, step: str) -> str | None:
    """The page where `owner` does `step` now (None: nothing left to do there)."""
    if step != SetupStep.JOB:
        return reverse(STEP_PAGES[step][0])
    job = Job.objects.filter(owner=owner, end_date__isnull=True).order_by("-start_date").first()
    if job is None:
        return reverse("vision:job_create")
    if not LedgerEntry.objects.filter(job=job).exists():
        return reverse("vision:ledger_create", args=[job.pk])
    return None


def step_of_page(view_name: str) -> str | None:
    return next((step for step, pages in STEP_PAGES.items() if view_name in pages), None)


def mentors_anyone(*, user) -> bool:
    return Mentorship.objects.filter(mentor=user, ended_at__isnull=True).exists()


def mentors_without_a_plan(*, user) -> bool:
    """A mentor with an active mentee who has written no horizon of their own: their work here
    is their mentees', so they land on *My mentees* rather than an empty dashboard."""
    return (
        mentors_anyone(user=user)
        and not Horizon.objects.filter(owner=user).exclude(statement="").exists()
    )


def next_setup_step(*, owner) -> SetupItem | None:
    return next(
        (item for item in setup_status(owner=owner) if not item.done and not item.skipped), None
    )


@dataclass(frozen=True)
class TodayList:
    items: list[TodayItem]
    snoozed: int  # items due now but snoozed
    next_on: datetime.date | None  # with nothing to do: the next day something comes due


def today_list(*, owner, today: datetime.date, now: datetime.datetime) -> TodayList:
    """What `owner` has to do now, from every registered source in their order, less what they
    snoozed; with nothing left, when the next thing comes due (a snoozed item's return too)."""
    snoozes = dict(
        TodaySnooze.objects.filter(owner=owner, until__gt=today).values_list("key", "until")
    )
    items, snoozed = [], 0
    for source in today_sources():
        for item in source.items(owner=owner, today=today, now=now):
            if item.key in snoozes:
                snoozed += 1
            else:
                items.append(item)
    next_on = None
    if not items:
        coming = [
            source.next_on(owner=owner, today=today, now=now)
            for source in today_sources()
            if source.next_on is not None
        ]
        next_on = min([day for day in coming if day] + list(snoozes.values()), default=None)
    return TodayList(items, snoozed, next_on)


def today_item(*, owner, key: str, today: datetime.date, now: datetime.datetime):
    """The item of `owner`'s list (snoozed ones too) under `key`, or None."""
    source = today_source(key.partition(":")[0])
    if source is None:
        return None
    found = source.items(owner=owner, today=today, now=now)
    return next((item for item in found if item.key == key), None)
