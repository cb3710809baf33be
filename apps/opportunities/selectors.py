"""Reads of opportunities: the list, each weighed against the plan, comparisons, and the
evidence a case for ownership is made from."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from apps.learning.models import LearningItem, LearningStatus
from apps.milestones.models import Milestone, MilestoneStatus
from apps.sharing.access import visible_to
from apps.vision.models import Horizon, LedgerEntry, Value

from .models import FINAL_STAGES, OPEN_STAGES, Opportunity, Stage


def opportunities_for(*, owner) -> QuerySet:
    return Opportunity.objects.filter(owner=owner)


def with_details() -> QuerySet:
    """Opportunities with what their pages show, read in a fixed number of queries."""
    return Opportunity.objects.select_related("job", "learning_item", "milestone").prefetch_related(
        "contacts", "moves", "horizon_scores", "value_scores"
    )


def written_horizons(*, owner) -> list[Horizon]:
    """The horizons the owner has written, the ones an opportunity is weighed against."""
    return list(Horizon.objects.filter(owner=owner).exclude(statement="").order_by("years"))


def ranked_values(*, owner) -> list[Value]:
    return list(Value.objects.filter(owner=owner).order_by("position", "pk"))


@dataclass(frozen=True)
class Scored:
    name: str
    score: int | None
    weight: int = 1  # a value weighs by its rank: the first of n weighs n, the last 1


@dataclass(frozen=True)
class Weighing:
    """One opportunity against the plan; the paycheck stays apart, never folded in."""

    opportunity: Opportunity
    horizons: list[Scored]
    values: list[Scored]
    paycheck: list[tuple[str, int | None]]

    @staticmethod
    def _mean(rows: list[Scored]) -> float | None:
        scored = [row for row in rows if row.score is not None]
        total = sum(row.weight for row in scored)
        return sum(row.score * row.weight for row in scored) / total if total else None

    @property
    def toward_vision(self) -> float | None:
        """The mean of its horizon scores."""
        return self._mean(self.horizons)

    @property
    def values_fit(self) -> float | None:
        """The mean of its value scores, each weighted by the value's rank."""
        return self._mean(self.values)

    @property
    def unscored(self) -> int:
        return sum(row.score is None for row in [*self.horizons, *self.values])


def weigh(opportunity: Opportunity, horizons: list[Horizon], values: list[Value]) -> Weighing:
    """`opportunity` (its scores prefetched) against the owner's written horizons and ranked
    values, read once for any number of opportunities."""
    by_horizon = {row.horizon_id: row.score for row in opportunity.horizon_scores.all()}
    by_value = {row.value_id: row.score for row in opportunity.value_scores.all()}
    count = len(values)
    return Weighing(
        opportunity=opportunity,
        horizons=[
            Scored(horizon.get_years_display(), by_horizon.get(horizon.pk)) for horizon in horizons
        ],
        values=[
            Scored(value.name, by_value.get(value.pk), weight=count - rank)
            for rank, value in enumerate(values)
        ],
        paycheck=opportunity.paycheck,
    )


def weighings(*, owner, opportunities, viewer=None) -> list[Weighing]:
    """Each opportunity against the owner's horizons and values: as many of them as `viewer`
    (the owner unless said) may see, so a mentor without the vision shared sees the paycheck
    factors and no horizon or value."""
    horizons, values = written_horizons(owner=owner), ranked_values(owner=owner)
    owner_id = getattr(owner, "pk", owner)
    if (
        viewer is not None
        and viewer.pk != owner_id
        and not visible_to(viewer, Horizon.objects.filter(owner_id=owner_id)).exists()
    ):
        horizons, values = [], []
    return [weigh(opportunity, horizons, values) for opportunity in opportunities]


def comparison(*, viewer, owner, ids: list[int], visible: QuerySet) -> list[Weighing]:
    """The opportunities `ids` (of one owner, seen by `viewer` through `visible`) weighed side by
    side, in the order asked; the queries do not grow with their number or the values'."""
    rows = visible.filter(pk__in=ids, owner=owner).prefetch_related(
        "horizon_scores", "value_scores"
    )
    found = {row.pk: row for row in rows}
    return weighings(
        owner=owner, opportunities=[found[pk] for pk in ids if pk in found], viewer=viewer
    )


def open_and_closed(*, owner) -> tuple[list[Opportunity], list[Opportunity]]:
    rows = list(opportunities_for(owner=owner).prefetch_related("horizon_scores", "value_scores"))
    return (
        sorted(
            (row for row in rows if row.stage in OPEN_STAGES),
            key=lambda row: (
                OPEN_STAGES.index(row.stage) * -1,
                row.next_action_on or datetime.date.max,
            ),
        ),
        [row for row in rows if row.stage in FINAL_STAGES],
    )


@dataclass(frozen=True)
class Board:
    open: list[Weighing]  # each weighed against the plan, the furthest along first
    closed: list[Opportunity]


def board(*, owner) -> Board:
    open_rows, closed_rows = open_and_closed(owner=owner)
    return Board(open=weighings(owner=owner, opportunities=open_rows), closed=closed_rows)


def ghosted_before(*, owner, organisation: str, exclude: int | None = None):
    """The last opportunity at this organisation that went unanswered, if any."""
    if not organisation.strip():
        return None
    return (
        Opportunity.objects.filter(owner=owner, stage=Stage.GHOSTED)
        .annotate(org=Lower("organisation"))
        .filter(org=organisation.strip().lower())
        .exclude(pk=exclude)
        .order_by("-moved_on", "-pk")
        .first()
    )


def said_no(*, owner) -> QuerySet:
    """What the owner declined, and why: the history of their choices."""
    return Opportunity.objects.filter(owner=owner, stage=Stage.DECLINED).order_by(
        "-decided_on", "-pk"
    )


def next_actions_due(*, owner, today: datetime.date) -> QuerySet:
    return Opportunity.objects.filter(
        owner=owner, stage__in=OPEN_STAGES, next_action_on__lte=today
    ).order_by("next_action_on", "pk")


def stalled(*, owner, today: datetime.date) -> list[Opportunity]:
    """Open opportunities with no move for longer than their owner chose."""
    rows = Opportunity.objects.filter(owner=owner, stage__in=OPEN_STAGES).order_by("moved_on")
    return [row for row in rows if row.stalled_on and row.stalled_on <= today]


@dataclass(frozen=True)
class Evidence:
    """What the plan already holds that makes a case: done milestones and their impact, what
    jobs gave (their ledger), learning finished."""

    milestones: list[Milestone]
    ledger: list[LedgerEntry]
    learning: list[LearningItem]

    def __bool__(self) -> bool:
        return bool(self.milestones or self.ledger or self.learning)


def evidence_for(*, owner, limit: int = 5) -> Evidence:
    return Evidence(
        milestones=list(
            Milestone.objects.filter(owner=owner, status=MilestoneStatus.DONE)
            .exclude(impact="")
            .order_by("-closed_on", "-pk")[:limit]
        ),
        ledger=list(
            LedgerEntry.objects.filter(job__owner=owner)
            .filter(~Q(skills="") | ~Q(connections="") | ~Q(knowledge=""))
            .select_related("job")
            .order_by("-recorded_on", "-pk")[:limit]
        ),
        learning=list(
            LearningItem.objects.filter(owner=owner, status=LearningStatus.DONE).order_by(
                "-finished_on", "-pk"
            )[:limit]
        ),
    )


def timeline(opportunity: Opportunity) -> list:
    return list(opportunity.moves.all())
