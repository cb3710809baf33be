"""The registry of Today sources: what each part of the plan asks its owner to do now.

The signed-in home opens on one ordered list (the check-in when it is due, the step committed to
in the last check-in, steps and milestones due, people to reach out to, certifications about to
expire, comments waiting for a reply…). Each app that has something to ask declares a
`TodaySource` in its own `today.py`, found at start-up as areas are: the dashboard reads the
registry and lists nothing by name, so a new area adds its own items by registering a source.

An item's `key` is "<source key>:<reference>", stable while the item stays the same thing due
(a snooze is kept under it); the source's `done` answers the one-tap action on it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class TodayItem:
    key: str  # "<source>:<reference>"
    label: str  # what kind of thing it is ("Step due"), shown before the title
    title: str
    url: str  # where it is opened
    due_on: datetime.date | None = None  # when it came (or comes) due; None: now
    detail: str = ""  # one more line ("due 3 Dec", "from Maria")
    done_label: str = ""  # the one-tap action's button ("Mark done"); "" when there is none
    form: str = ""  # a template answering the item in place instead (the check-in's one tap)

    def __post_init__(self):
        # translated now, as plain text: a list is cached per language, and a lazy string costs
        # a class to rebuild each time the cache unpickles it
        for name in ("label", "title", "detail", "done_label"):
            object.__setattr__(self, name, str(getattr(self, name)))


@dataclass(frozen=True)
class TodaySource:
    key: str
    order: int  # its items' place in the list, lowest first (then by due date)
    # (*, owner, today, now) -> the items due now, each with a `key` starting "<key>:"
    items: Callable[..., list[TodayItem]]
    # (*, owner, reference, data, today, now) -> the message once done (data: the POSTed form);
    # ValidationError when the answer is not acceptable. None: its items have no one-tap action.
    done: Callable[..., str] | None = None
    # (*, owner, today, now) -> the next day something of this source comes due, after today
    next_on: Callable[..., datetime.date | None] | None = None


SOURCES = Registry("today", "Today source")
discover = SOURCES.discover
register = SOURCES.register
unregister = SOURCES.unregister
register_temporarily = SOURCES.temporarily


def today_sources() -> list[TodaySource]:
    """Every source, in the order their items are listed."""
    return SOURCES.ordered()


def today_source(key: str) -> TodaySource | None:
    return SOURCES.get(key)
