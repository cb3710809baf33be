import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from apps.vision.models import Horizon, HorizonYears

from .models import Milestone, MilestoneKind, MilestoneStatus


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
        roadmap=_roadmap(milestones, today=today),
    )


@dataclass(frozen=True)
class RoadmapPoint:
    milestone: Milestone
    x: float  # 0..100, share of the roadmap's width (and, on small screens, of its height)
    lane: int
    overdue: bool
    label: str  # the title, shortened where the full one would collide with a neighbour
    label_on_left: bool
    row: int  # its line in the small-screen roadmap, which lists the milestones top down

    @property
    def shortened(self) -> bool:
        return self.label != self.milestone.title


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
CHAR_WIDTH = 0.75  # share of the width one character of a label takes (13 px of ~960)
GAP = 2.0  # share of the width kept free between two labels in a lane
MIN_LABEL = 8  # characters: a label is never shortened below this (then it takes a new lane)


def _shorten(title: str, room: float) -> str:
    """The title, cut to the characters that fit in `room` (a share of the width)."""
    fits = int(room / CHAR_WIDTH)
    return title if len(title) <= fits else title[: max(fits - 1, 1)].rstrip() + "…"


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
    # Each lane remembers where its last label ends; a label goes in the first lane where it
    # starts after that (a label near the right end is drawn leftwards from its point).
    lanes_end: list[float] = []
    points = []
    placed = sorted(
        ((position(m.target_date or horizon_end[m.horizon]), m) for m in milestones),
        key=lambda pair: (pair[0], pair[1].pk),
    )
    for row, (x, milestone) in enumerate(placed):
        title = milestone.title
        width = len(title) * CHAR_WIDTH + 1.5
        on_left = x + width > 100
        start = x - width if on_left else x
        lane = next((i for i, end in enumerate(lanes_end) if start >= end + GAP), None)
        if lane is None and len(lanes_end) < MAX_LANES:
            lane = len(lanes_end)
            lanes_end.append(-100.0)
        label = title
        if lane is None:  # crowded: the lane with the most room before this point, the title
            # drawn leftwards and cut to fit it (or only the dot, the title on hover and focus)
            lane = min(range(MAX_LANES), key=lambda i: lanes_end[i])
            room = x - lanes_end[lane] - GAP - 1.5
            on_left = True
            label = _shorten(title, room) if room >= MIN_LABEL * CHAR_WIDTH else ""
        lanes_end[lane] = x if on_left else x + width
        points.append(
            RoadmapPoint(milestone, x, lane, milestone.is_overdue(today), label, on_left, row)
        )
    return Roadmap(marks=marks, points=points, lanes=max(len(lanes_end), 1))
