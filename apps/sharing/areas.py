"""The parts of a plan a mentee can share, one switch each per mentor.

A new shareable area is one line here (its key, the app's label; its label; whether new
mentorships share it) and one migration (`makemigrations` adds its `share_<key>` column to the
mentorship): the columns need a fixed list. A model's rows belong to its app's area unless the
model says otherwise in `SHARED_AREA` (None: never shown to a mentor), or per row in
`SHARED_AREA_FIELD`, as comments do.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ShareableArea:
    key: str
    label: str
    shared_by_default: bool


SHAREABLE_AREAS = [
    ShareableArea("vision", "Vision", True),
    ShareableArea("milestones", "Milestones", True),
    ShareableArea("learning", "Learning", True),
    ShareableArea("network", "Network", False),
    ShareableArea("checkins", "Check-ins", True),
    ShareableArea("opportunities", "Opportunities", False),
]

Area = models.TextChoices(
    "Area", [(area.key.upper(), (area.key, area.label)) for area in SHAREABLE_AREAS]
)


def switch(area: str) -> str:
    """The mentorship's column that shares `area`."""
    return f"share_{area}"


def shared_area(model) -> str | None:
    """The shareable area a model's rows belong to: its app's, unless it says otherwise."""
    if hasattr(model, "SHARED_AREA"):
        return model.SHARED_AREA
    label = model._meta.app_label
    return label if any(area.key == label for area in SHAREABLE_AREAS) else None
