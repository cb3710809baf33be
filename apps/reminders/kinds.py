"""The registry of reminders: each source of reminders is declared once, in its own module of
`apps/reminders/sources/` (or an app's `reminder_sources.py`, found at start-up), with the kinds
of reminder it gives. A kind carries everything about it that the rest of the app shows or
decides: its label and rule (said on the settings page and in the README), the setting that
switches it off and its fields on the settings form, its email button and its place in an
email. A source carries how the engine works it out: what it loads for a user, its next moment,
and the tables whose changes must queue the user again (the triggers).

The dispatcher (`moments.py`), the triggers, the settings form and page, the unsubscribe links,
the email and the `Reminder.kind` choices all read this registry; nothing else lists kinds.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Due:
    """One reminder that has fallen due: recorded once per user, kind and period. Its subject is
    written in its user's language (the engine works each user out speaking it)."""

    user_id: int
    kind: str
    period: str
    subject: str
    url: str


@dataclass(frozen=True)
class Watch:
    """A table whose inserts, or updates of these columns, change a user's reminders. The user
    is the row's `user_column`, or with `via` (table, column) that table's `column` in the row
    whose id `user_column` holds (a mentorship's mentor, for a row that names the mentorship).
    Several watches of one table queue each of their users."""

    table: str
    user_column: str
    columns: tuple[str, ...]  # an update of one of these queues the user…
    on_insert: bool = True  # …as does a new row
    via: tuple[str, str] | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of reminder, as people see it and switch it."""

    key: str
    label: str  # people read these three: gettext_lazy, said in the reader's language
    rule: str
    setting: str  # the field that switches it off…
    off: object  # …with this value,
    on_rhythm: bool = False  # on the check-in rhythm (True) or on the reminder preferences
    button: str = _("Open your plan")  # the email's main button when this kind leads it
    importance: int = 100  # an email lists its kinds from the lowest importance number up
    form_fields: tuple[str, ...] = ()  # its fields on the reminder settings form
    # lines the email says under each reminder of this kind: (*, user, period) -> [str]
    details: Callable[..., list[str]] | None = None

    def is_on(self, preference, rhythm) -> bool:
        return getattr(rhythm if self.on_rhythm else preference, self.setting) != self.off

    def turn_off(self, preference, rhythm) -> None:
        setattr(rhythm if self.on_rhythm else preference, self.setting, self.off)


@dataclass(frozen=True)
class Source:
    """Where reminders come from, for the engine (apps.reminders.moments).

    `load(found, now, chosen)` reads, for the users in `found` (id → moments.Person), what the
    source needs into `person.objects[key]` (a list of rows, one source each: `key:<pk>`) or,
    for a source of one per user, `person.facts[key]`; `chosen` is None (everything) or the ids
    (of rows, or of users for a source of one per user) whose moments came.
    `next_of(person, row, now, last)` is the next reminder of one source after the last one
    recorded (`last`, "kind|period"), as a moments.Next, or None.
    """

    key: str
    kinds: tuple[Kind, ...]
    load: Callable
    next_of: Callable
    per_row: bool = False  # one source per row (`key:<pk>`), or one per user (`key`)
    watches: tuple[Watch, ...] = field(default_factory=tuple)
    order: int = 100  # where its kinds come on the settings page, lowest first

    @property
    def prefix(self) -> str:
        return f"{self.key}:"


SOURCES: dict[str, Source] = {}
KINDS: dict[str, Kind] = {}


def register(source: Source) -> Source:
    """Declares a source and its kinds; a key already taken is a mistake, said at once."""
    taken = [kind.key for kind in source.kinds if kind.key in KINDS] + (
        [source.key] if source.key in SOURCES else []
    )
    if taken:
        raise ValueError(f"Reminder source or kind registered twice: {', '.join(taken)}")
    SOURCES[source.key] = source
    _sort()
    return source


def unregister(source: Source) -> None:
    SOURCES.pop(source.key, None)
    _sort()


def _sort() -> None:
    """Keeps both registries in the sources' order, whatever order they were imported in."""
    ordered = sorted(SOURCES.values(), key=lambda source: source.order)
    SOURCES.clear()
    SOURCES.update((source.key, source) for source in ordered)
    KINDS.clear()
    KINDS.update((kind.key, kind) for source in ordered for kind in source.kinds)


@contextlib.contextmanager
def register_temporarily(source: Source):
    """A source (and its kinds) registered for the duration of a `with` block: for tests."""
    register(source)
    try:
        yield source
    finally:
        unregister(source)


def reminder_kind(key: str) -> Kind:
    return KINDS[key]


def kind_choices() -> list[tuple[str, str]]:
    """`Reminder.kind`'s choices (a callable, so that a new kind needs no migration)."""
    return [(kind.key, kind.label) for kind in KINDS.values()]


def by_importance(keys) -> list[str]:
    """The kinds among `keys`, the most important first (the order an email lists them)."""
    present = set(keys)
    return [k.key for k in sorted(KINDS.values(), key=lambda k: k.importance) if k.key in present]


def preference_form_fields() -> list[str]:
    """The reminder settings form's fields of every kind, in the order the kinds were declared."""
    return [name for kind in KINDS.values() for name in kind.form_fields]


def sources_in(only: dict[int, set[str]] | None, source: Source) -> list[int] | None:
    """The ids `only` names for one source (rows for a source per row, else users), None for
    all of them."""
    if only is None:
        return None
    if not source.per_row:
        return [user_id for user_id, keys in only.items() if source.key in keys]
    return [
        int(key.split(":", 1)[1])
        for keys in only.values()
        for key in keys
        if key.startswith(source.prefix)
    ]
