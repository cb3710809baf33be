"""The kinds of reminder, registered once each: what falls due and when (its rule, said in one
sentence on the settings page and in the README) and the setting that switches it off. The
dispatcher (apps.reminders.moments), the settings page and the unsubscribe links all read this
registry."""

from dataclasses import dataclass

from .models import DigestCadence, ReminderKind


@dataclass(frozen=True)
class Due:
    """One reminder that has fallen due: recorded once per user, kind and period."""

    user_id: int
    kind: str
    period: str
    subject: str
    url: str


@dataclass(frozen=True)
class Kind:
    key: str
    rule: str
    setting: str  # the field that switches it off…
    off: object  # …with this value,
    on_rhythm: bool  # on the check-in rhythm (True) or on the reminder preferences

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


# Every kind goes out at the user's reminder hour, in their own time zone, out of quiet hours.
register(Kind(
    ReminderKind.CHECKIN,
    "On your check-in day, from your reminder hour, unless you have checked in during that period.",
    "checkin_cadence", "off", True,
))  # fmt: skip
register(Kind(
    ReminderKind.MILESTONE_DUE,
    "Once per due date, from the day an open milestone comes within the days you chose.",
    "milestone_due", False, False,
))  # fmt: skip
register(Kind(
    ReminderKind.MILESTONE_OVERDUE,
    "Once per due date, the day after an open milestone's date has passed.",
    "milestone_overdue", False, False,
))  # fmt: skip
register(Kind(
    ReminderKind.CONTACT_DUE,
    "Once per keep-in-touch date, on the day a contact is due.",
    "contact_due", False, False,
))  # fmt: skip
register(Kind(
    ReminderKind.CERTIFICATION,
    "Once each at 60, 30 and 7 days before a certification expires.",
    "certification", False, False,
))  # fmt: skip
register(Kind(
    ReminderKind.COMMENTS,
    "Once per day or week while mentors' comments wait unread.",
    "comments", DigestCadence.OFF, False,
))  # fmt: skip
