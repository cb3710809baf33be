"""The kinds of reminder, registered once each: what falls due and when (its rule, said in one
sentence on the settings page and in the README), how to find it, and the setting that switches it
off. The dispatcher, the settings page and the unsubscribe links all read this registry."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .models import ReminderKind


@dataclass(frozen=True)
class Due:
    """One reminder that has fallen due: recorded once per user, kind and period."""

    user_id: int
    kind: str
    period: str
    subject: str
    url: str


@dataclass(frozen=True)
class Person:
    """What the dispatcher needs of one user at the moment it runs."""

    user: object
    preference: object  # ReminderPreference
    rhythm: object  # checkins.CheckInRhythm
    checkin_slot: datetime.datetime | None
    local_now: datetime.datetime

    def wants(self, kind: str) -> bool:
        return reminder_kind(kind).is_on(self.preference, self.rhythm)


@dataclass(frozen=True)
class Kind:
    key: str
    rule: str
    setting: str  # the field that switches it off…
    off: object  # …with this value,
    on_rhythm: bool  # on the check-in rhythm (True) or on the reminder preferences
    find: Callable[[dict[int, Person], datetime.datetime], list[Due]]

    @property
    def label(self) -> str:
        return ReminderKind(self.key).label

    def is_on(self, preference, rhythm) -> bool:
        return getattr(rhythm if self.on_rhythm else preference, self.setting) != self.off

    def turn_off(self, preference, rhythm) -> None:
        setattr(rhythm if self.on_rhythm else preference, self.setting, self.off)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def reminder_kind(key: str) -> Kind:
    return KINDS[key]
