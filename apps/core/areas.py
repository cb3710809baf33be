"""The registry of plan areas: each area of a plan (vision, milestones, learning, network,
check-ins, and the mentoring pages) declares itself once, in its own app's `areas.py`, found at
start-up (wagtail's `wagtail_hooks.py` is the model). Everything that goes over every area reads
this registry: the navigation, the mentor's page of a mentee, the items people comment on, the
changes shown since the last check-in, the export and import, the REST API's router, and the
generated tests. It lives here, beneath the areas, so that they can register themselves;
nothing central lists them.

`apps/sharing/areas.py` stays the fixed list of what a mentee can share (each needs a
`share_<key>` column, and migrations need a fixed list); an area names the one it belongs to.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps as django_apps

from .registry import Registry


@dataclass(frozen=True)
class ExportSection:
    """One list in the export document: a model's rows of the user (found through
    `owner_path`), with these fields (links to other rows as `*_id`)."""

    name: str
    model: str  # "app_label.Model"
    owner_path: str
    fields: tuple[str, ...]

    @property
    def model_class(self):
        return django_apps.get_model(self.model)


@dataclass(frozen=True)
class ExportLink:
    """A many-to-many relation in the export, as [from id, to id] pairs: `model`'s `field`, whose
    table's columns are `<source>_id` and `<target>_id`, ids of the sections named after them."""

    name: str
    model: str
    field: str
    source: str
    target: str
    source_section: str
    target_section: str

    @property
    def through(self):
        return getattr(django_apps.get_model(self.model), self.field).through


@dataclass(frozen=True)
class ApiRoute:
    """One of the area's REST API collections: `/api/v1/<prefix>/` served by `viewset` (built
    on `apps.sharing.api`), its URLs named `api:<basename>-list` and `api:<basename>-detail`."""

    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class CalendarDay:
    """An all-day event of the calendar feed (apps/dataio/calendar.py)."""

    uid: str
    day: datetime.date
    summary: str
    url: str


@dataclass(frozen=True)
class CalendarEvent:
    """A timed event of the calendar feed: from `starts_at` (aware; the feed writes it in UTC)
    for `minutes`, perhaps at a place."""

    uid: str
    starts_at: datetime.datetime
    minutes: int
    summary: str
    url: str
    location: str = ""

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Evidence:
    """One line of evidence for the career record (apps/record): something done on `day`, said
    in `text`, shown at `url`. It counts toward a horizon (its years) when it says which, and
    toward the values it names."""

    key: str  # "milestone-12": the same item is one line
    day: datetime.date
    heading: str  # what kind of evidence, its group in the document ("Milestones done"…)
    text: str
    url: str
    horizon: int | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanArea:
    key: str  # the app's label
    label: str  # in the navigation
    url_name: str  # its page
    order: int  # its place in the navigation, lowest first
    shared_area: str | None = None  # what a mentor must be shared to see it (sharing/areas.py)
    commentable: dict[str, str] = field(default_factory=dict)  # URL name → "app.Model"
    export: tuple[ExportSection, ...] = ()
    links: tuple[ExportLink, ...] = ()
    recap: str | None = None  # the changes provider shown since the last check-in, if any
    # its part of the mentor's page of a mentee: a template, and what it needs of the mentee
    mentee_template: str | None = None
    mentee_context: Callable[..., dict] | None = None  # (*, owner) -> the template's context
    api: tuple[ApiRoute, ...] = ()  # its REST API, routed by apps/api/urls.py
    # its part of the owner's vision page (below the values): a template and its context
    vision_template: str | None = None
    vision_context: Callable[..., dict] | None = None  # (*, owner) -> the template's context
    # its dates and times in the private calendar feed: (*, user) -> [CalendarDay | CalendarEvent]
    calendar: Callable[..., list] | None = None
    # its evidence of a period for the career record: (*, owner, start, end) -> [Evidence]
    evidence: Callable[..., list] | None = None

    @property
    def commentable_models(self) -> dict:
        return {name: django_apps.get_model(model) for name, model in self.commentable.items()}


AREAS = Registry("areas", "Plan area")
discover = AREAS.discover
register = AREAS.register
unregister = AREAS.unregister
register_temporarily = AREAS.temporarily


def plan_areas() -> list[PlanArea]:
    """Every area, in navigation order."""
    return AREAS.ordered()


def plan_area(key: str) -> PlanArea:
    area = AREAS.get(key)
    if area is None:
        raise KeyError(key)
    return area


def commentable() -> dict:
    """Every kind of item people comment on, by its name in comment URLs ("milestone"…)."""
    return {name: model for area in plan_areas() for name, model in area.commentable_models.items()}


def export_sections() -> list[ExportSection]:
    """The export's lists, in the order an import reads them: areas in order, then each area's
    sections in its order, but a section never before one whose rows it points to (`*_id`), so
    a row is read after the rows it points to (mentoring's cheers wait for the check-ins)."""
    return list(_reading_order(tuple(section for area in plan_areas() for section in area.export)))


@functools.lru_cache(maxsize=8)  # an import asks for every field of every row
def _reading_order(sections: tuple[ExportSection, ...]) -> tuple[ExportSection, ...]:
    waiting, ordered = list(sections), []
    while waiting:
        section = next(
            (s for s in waiting if not _points_to(s, waiting) - {s.model_class}), waiting[0]
        )  # a cycle (none today) keeps the areas' order
        ordered.append(section)
        waiting.remove(section)
    return tuple(ordered)


def _points_to(section: ExportSection, sections) -> set:
    """The models of `sections` that `section`'s rows point to."""
    models = {other.model_class for other in sections}
    targets = set()
    for name in section.fields:
        if name.endswith("_id"):
            field = section.model_class._meta.get_field(name.removesuffix("_id"))
            if field.many_to_one and field.related_model in models:
                targets.add(field.related_model)
    return targets


def export_links() -> list[ExportLink]:
    return [link for area in plan_areas() for link in area.links]


def api_routes() -> list[ApiRoute]:
    """Every area's REST API collections, in navigation order."""
    return [route for area in plan_areas() for route in area.api]


def vision_sections(*, owner) -> tuple[list[str], dict]:
    """The areas' parts of the owner's vision page: their templates, and one context for all."""
    templates, context = [], {}
    for area in plan_areas():
        if area.vision_template:
            templates.append(area.vision_template)
            context.update(area.vision_context(owner=owner) if area.vision_context else {})
    return templates, context


def calendar_days(*, user) -> list[CalendarDay | CalendarEvent]:
    """Every area's own dates (all-day) and times for the calendar feed."""
    return [day for area in plan_areas() if area.calendar for day in area.calendar(user=user)]


def evidence_of(*, owner, start: datetime.date, end: datetime.date) -> list[Evidence]:
    """Every area's evidence of what the owner did from `start` to `end` (both included),
    oldest first."""
    lines = [
        line
        for area in plan_areas()
        if area.evidence
        for line in area.evidence(owner=owner, start=start, end=end)
    ]
    return sorted(lines, key=lambda line: (line.day, line.key))


def recap_sources() -> set[str]:
    """The changes providers whose changes show since the last check-in."""
    return {area.recap for area in plan_areas() if area.recap}
