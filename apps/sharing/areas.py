"""The parts of a plan a mentee can share, one switch each per mentor.

A new shareable area is one registration here (its key, label and whether new mentorships share
it) and one migration (`makemigrations` adds its `share_<key>` column to the mentorship). Models
name their area in `SHARED_AREA` (or, like comments, per row in `SHARED_AREA_FIELD`).
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ShareableArea:
    key: str
    label: str
    shared_by_default: bool


AREAS = [
    ShareableArea("vision", "Vision", True),
    ShareableArea("milestones", "Milestones", True),
    ShareableArea("learning", "Learning", True),
    ShareableArea("network", "Network", False),
    ShareableArea("checkins", "Check-ins", True),
]

Area = models.TextChoices("Area", [(area.key.upper(), (area.key, area.label)) for area in AREAS])


def switch(area: str) -> str:
    """The mentorship's column that shares `area`."""
    return f"share_{area}"
