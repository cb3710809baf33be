"""Geometry for the small server-rendered SVG charts (no chart library, no JavaScript)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    caption: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float


def bar_chart(points: list[tuple[str, float, str]], *, width=600, height=220) -> BarChart:
    """Lays out one bar per (label, value, caption), scaled to the largest value."""
    left, right, top, bottom = 10, 10, 24, 30
    baseline = height - bottom
    slot = (width - left - right) / max(len(points), 1)
    largest = max((value for _, value, _ in points), default=0) or 1
    bars = []
    for index, (label, value, caption) in enumerate(points):
        bar_height = round((baseline - top) * float(value) / float(largest), 1)
        bars.append(
            Bar(
                label=label,
                value=value,
                caption=caption,
                x=round(left + index * slot + slot * 0.15, 1),
                y=round(baseline - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=bar_height,
            )
        )
    return BarChart(bars=bars, width=width, height=height, baseline=baseline)


@dataclass(frozen=True)
class LinePoint:
    label: str
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class LineSeries:
    name: str
    css_class: str
    points: list[LinePoint]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    series: list[LineSeries]
    width: int
    height: int
    gridlines: list[tuple[float, str]]


def line_chart(
    labels: list[str],
    series: dict[str, tuple[str, list[float]]],
    *,
    low=1,
    high=5,
    width=600,
    height=220,
) -> LineChart:
    """Lines over a fixed scale (e.g. 1-5), one point per label, oldest on the left."""
    left, right, top, bottom = 50, 30, 16, 30
    span = max(len(labels) - 1, 1)
    plot_height = height - top - bottom

    def y_of(value):
        return round(top + plot_height * (high - float(value)) / (high - low), 1)

    lines = []
    for name, (css_class, values) in series.items():
        points = [
            LinePoint(label, value, round(left + (width - left - right) * i / span, 1), y_of(value))
            for i, (label, value) in enumerate(zip(labels, values, strict=True))
        ]
        lines.append(LineSeries(name, css_class, points))
    gridlines = [(y_of(level), str(level)) for level in range(low, high + 1)]
    return LineChart(series=lines, width=width, height=height, gridlines=gridlines)
