import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from apps.vision.models import HorizonYears

from .models import OPEN_STATUSES, Milestone, MilestoneKind, MilestoneStatus


def milestones_for(*, owner) -> QuerySet:
    """The owner's milestones with their step counts, for lists."""
    return Milestone.objects.filter(owner=owner).annotate(
        step_count=Count("steps"), steps_done=Count("steps", filter=Q(steps__done=True))
    )


def open_milestones(*, owner) -> QuerySet:
    return milestones_for(owner=owner).filter(status__in=OPEN_STATUSES)


def overdue_milestones(*, owner, today: datetime.date) -> QuerySet:
    return open_milestones(owner=owner).filter(target_date__lt=today).order_by("target_date")


def next_milestones(*, owner, today: datetime.date, limit: int = 5) -> list[Milestone]:
    return list(
        open_milestones(owner=owner)
        .exclude(target_date__lt=today)
        .order_by("target_date", "pk")[:limit]
    )


@dataclass(frozen=True)
class HorizonProgress:
    years: int
    label: str
    total: int
    done: int
    average_progress: int


def progress_per_horizon(*, owner) -> list[HorizonProgress]:
    """For each horizon: how many milestones, how many done, and their average progress."""
    rows = {
        row["horizon"]: row
        for row in Milestone.objects.filter(owner=owner)
        .exclude(status=MilestoneStatus.DROPPED)
        .values("horizon")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=MilestoneStatus.DONE)),
            average=Avg("progress"),
        )
    }
    return [
        HorizonProgress(
            years=years.value,
            label=years.label,
            total=rows.get(years.value, {}).get("total", 0),
            done=rows.get(years.value, {}).get("done", 0),
            average_progress=round(rows.get(years.value, {}).get("average") or 0),
        )
        for years in HorizonYears
    ]


def stretch_taken_this_year(*, owner, today: datetime.date) -> list[Milestone]:
    """Challenges and ownership actions done this calendar year: the career-building moves."""
    return list(
        Milestone.objects.filter(
            owner=owner,
            kind__in=[MilestoneKind.CHALLENGE, MilestoneKind.OWNERSHIP],
            status=MilestoneStatus.DONE,
            closed_on__year=today.year,
        ).order_by("-closed_on")
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


def roadmap(*, owner, today: datetime.date) -> Roadmap:
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
    milestones = (
        Milestone.objects.filter(owner=owner)
        .exclude(status=MilestoneStatus.DROPPED)
        .exclude(status=MilestoneStatus.DONE, target_date__lt=today)
    )
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
