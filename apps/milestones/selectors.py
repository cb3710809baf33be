import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from apps.vision.models import HorizonYears

from .models import Milestone, MilestoneKind, MilestoneStatus


def milestones_for(*, owner) -> QuerySet:
    """The owner's milestones with their step counts, for lists."""
    return Milestone.objects.filter(owner=owner).annotate(
        step_count=Count("steps"), steps_done=Count("steps", filter=Q(steps__done=True))
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
        roadmap=_roadmap(milestones, today=today),
    )


@dataclass(frozen=True)
class RoadmapPoint:
    milestone: Milestone
    x: float  # 0..100, share of the roadmap's width
    lane: int
    overdue: bool

    @property
    def label_on_left(self) -> bool:
        return self.x > 100 - LABEL_WIDTH


@dataclass(frozen=True)
class RoadmapMark:
    label: str
    x: float


@dataclass(frozen=True)
class Roadmap:
    marks: list[RoadmapMark]
    points: list[RoadmapPoint]
    lanes: int


MAX_LANES = 6
LABEL_WIDTH = 18  # share of the width a milestone's label needs before the next one in its lane


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _roadmap(milestones: list[Milestone], *, today: datetime.date) -> Roadmap:
    """Places open and done milestones on a line from today to the 20-year horizon.

    Each span between horizons (now→1, 1→5, 5→10, 10→20 years) gets a quarter of the width, so the
    near future, where most milestones are, stays readable. Milestones without a date sit at the end
    of their horizon; overdue ones sit at today; those done in the past are behind us and left out.
    """
    ends = [today] + [_add_years(today, years.value) for years in HorizonYears]
    quarter = 100 / (len(ends) - 1)

    def position(day: datetime.date) -> float:
        day = min(max(day, today), ends[-1])
        for index in range(len(ends) - 1):
            start, end = ends[index], ends[index + 1]
            if day <= end:
                share = (day - start).days / max((end - start).days, 1)
                return round(quarter * (index + share), 2)
        return 100.0

    marks = [RoadmapMark("Today", 0.0)] + [
        RoadmapMark(years.label, position(ends[i + 1])) for i, years in enumerate(HorizonYears)
    ]
    horizon_end = {years.value: ends[i + 1] for i, years in enumerate(HorizonYears)}
    milestones = [
        m
        for m in milestones
        if m.status != MilestoneStatus.DROPPED
        and not (m.status == MilestoneStatus.DONE and m.target_date and m.target_date < today)
    ]
    lanes_last_x: list[float] = []
    points = []
    placed = sorted(
        ((position(m.target_date or horizon_end[m.horizon]), m) for m in milestones),
        key=lambda pair: (pair[0], pair[1].pk),
    )
    for x, milestone in placed:
        lane = next((i for i, last in enumerate(lanes_last_x) if x - last >= LABEL_WIDTH), None)
        if lane is None and len(lanes_last_x) < MAX_LANES:
            lane = len(lanes_last_x)
            lanes_last_x.append(x)
        elif lane is None:  # crowded: share the lane whose last milestone is furthest back
            lane = min(range(MAX_LANES), key=lambda i: lanes_last_x[i])
        lanes_last_x[lane] = x
        points.append(RoadmapPoint(milestone, x, lane, milestone.is_overdue(today)))
    return Roadmap(marks=marks, points=points, lanes=max(len(lanes_last_x), 1))
