"""The parts of a plan a mentee can share, one switch each per mentor.

A new shareable area is one line here (its key, the app's label; its label; whether new
mentorships share it) and one migration (`makemigrations` adds its `share_<key>` column to the
mentorship): the columns need a fixed list. A model's rows belong to its app's area unless the
model says otherwise in `SHARED_AREA` (None: never shown to a mentor), or per row in
`SHARED_AREA_FIELD`, as comments do.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy


@dataclass(frozen=True)
class ShareableArea:
    key: str
    name: str  # in English (marked with gettext_noop): the mentorship column's verbose name
    shared_by_default: bool
    in_list: Promise  # how a list of the shared areas names it: "vision, checkins"

    @property
    def label(self) -> Promise:
        """The name in the active language."""
        return gettext_lazy(self.name)


SHAREABLE_AREAS = [
    ShareableArea(
        "vision", gettext_noop("Vision"), True, pgettext_lazy("shared areas list", "vision")
    ),
    ShareableArea(
        "milestones",
        gettext_noop("Milestones"),
        True,
        pgettext_lazy("shared areas list", "milestones"),
    ),
    ShareableArea(
        "learning", gettext_noop("Learning"), True, pgettext_lazy("shared areas list", "learning")
    ),
    ShareableArea(
        "network", gettext_noop("Network"), False, pgettext_lazy("shared areas list", "network")
    ),
    ShareableArea(
        "checkins", gettext_noop("Check-ins"), True, pgettext_lazy("shared areas list", "checkins")
    ),
    ShareableArea(
        "opportunities",
        gettext_noop("Opportunities"),
        False,
        pgettext_lazy("shared areas list", "opportunities"),
    ),
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
