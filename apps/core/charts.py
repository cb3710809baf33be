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
