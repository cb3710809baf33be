import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from apps.vision.models import Horizon, HorizonYears

from .models import Milestone, MilestoneKind, MilestoneStatus, OpenSteps
from .roadmap import Roadmap, roadmap


def north_star_years(*, owner) -> int | None:
    """The span of the owner's North Star, which a new milestone serves by default."""
    return (
        Horizon.objects.filter(owner=owner, is_north_star=True)
        .values_list("years", flat=True)
        .first()
    )


def milestones_for(*, owner) -> QuerySet:
    """The owner's milestones with their step counts, for lists."""
    # Explicitly ordered: a query with an aggregate (GROUP BY) drops Meta.ordering, and the rows
    # then came in whatever order PostgreSQL found them (the mentor's page changed between views).
    return (
        Milestone.objects.filter(owner=owner)
        .annotate(step_count=Count("steps"), steps_done=Count("steps", filter=Q(steps__done=True)))
        .order_by(*Milestone._meta.ordering)
    )


@dataclass(frozen=True)
class HorizonProgress:
    years: int
    label: str
    total: int
    done: int
    average_progress: int


def _progress_per_horizon(milestones: list[Milestone]) -> list[HorizonProgress]:
    """For each horizon: how many milestones, how many done, and their average progress."""
    progress = []
    for years in HorizonYears:
        counted = [
            m
            for m in milestones
            if m.horizon == years.value and m.status != MilestoneStatus.DROPPED
        ]
        progress.append(
            HorizonProgress(
                years=years.value,
                label=years.label,
                total=len(counted),
                done=sum(m.status == MilestoneStatus.DONE for m in counted),
                average_progress=round(sum(m.progress for m in counted) / len(counted))
                if counted
                else 0,
            )
        )
    return progress


def _by_date(milestone: Milestone) -> tuple:
    """Target date ascending, undated last, then creation order (as the database sorts)."""
    return (milestone.target_date is None, milestone.target_date or datetime.date.max, milestone.pk)


def _is_stretch_done_in(milestone: Milestone, year: int) -> bool:
    return (
        milestone.kind in (MilestoneKind.CHALLENGE, MilestoneKind.OWNERSHIP)
        and milestone.status == MilestoneStatus.DONE
        and milestone.closed_on is not None
        and milestone.closed_on.year == year
    )


@dataclass(frozen=True)
class MilestoneOverview:
    next: list[Milestone]
    overdue: list[Milestone]
    horizon_progress: list[HorizonProgress]
    stretch_this_year: list[Milestone]
    roadmap: "Roadmap"


def milestone_overview(*, owner, today: datetime.date) -> MilestoneOverview:
    """Everything the dashboard shows about milestones, from one query.

    Next: the five open ones due soonest (undated last). Overdue: open and past their date.
    Stretch: challenges and ownership actions done this calendar year, the career-building moves.
    """
    milestones = sorted(milestones_for(owner=owner), key=_by_date)
    open_ones = [m for m in milestones if m.is_open]
    return MilestoneOverview(
        next=[m for m in open_ones if not m.is_overdue(today)][:5],
        overdue=[m for m in open_ones if m.is_overdue(today)][:10],
        horizon_progress=_progress_per_horizon(milestones),
        stretch_this_year=sorted(
            (m for m in milestones if _is_stretch_done_in(m, today.year)),
            key=lambda m: m.closed_on,
            reverse=True,
        ),
        roadmap=roadmap(milestones, today=today),
    )


def open_steps_question(milestone: Milestone) -> dict | None:
    """What marking `milestone` done must ask: its open steps, if it has any."""
    steps = list(milestone.steps.filter(done=False).order_by("position", "pk"))
    return {"steps": steps, "choices": OpenSteps.choices} if steps else None
