"""The roadmap's layout: where each milestone sits on the line from today to the 20-year
horizon, in which lane its label goes and how short it must be, in shares of the width (the
template draws it; no query here)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.core.text import shorten
from apps.vision.models import HorizonYears

from .models import Milestone, MilestoneStatus


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
    """The title, cut at a word to the characters that fit in `room` (a share of the width)."""
    return shorten(title, int(room / CHAR_WIDTH))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def roadmap(milestones: list[Milestone], *, today: datetime.date) -> Roadmap:
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

    marks = [RoadmapMark(_("Today"), 0.0)] + [
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
