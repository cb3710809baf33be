"""When reminders fall due, in each user's own time zone (daylight saving included)."""

import datetime
import zoneinfo

# Two-weekly reminders fall in the weeks counted even from this Monday.
BIWEEKLY_EPOCH = datetime.date(2024, 1, 1)
PERIOD_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 28}


def _at(day: datetime.date, hour: int, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


def latest_checkin_slot(
    *, now: datetime.datetime, tz: zoneinfo.ZoneInfo, cadence: str, weekday: int, hour: int
) -> datetime.datetime | None:
    """The most recent moment, at or before `now`, that a check-in reminder was due.

    Weekly: every `weekday` at `hour` local time. Every two weeks: the same, in even weeks since
    BIWEEKLY_EPOCH. Monthly: the first `weekday` of the month. Only the latest slot counts, so a
    reminder missed while the system was down goes out once, not once per missed period.
    """
    if cadence not in PERIOD_DAYS:
        return None
    local_now = now.astimezone(tz)
    if cadence == "monthly":
        for months_back in range(3):
            year, month = local_now.year, local_now.month - months_back
            while month < 1:
                year, month = year - 1, month + 12
            first = datetime.date(year, month, 1)
            day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
            slot = _at(day, hour, tz)
            if slot <= local_now:
                return slot
        return None
    day = local_now.date() - datetime.timedelta(days=(local_now.weekday() - weekday) % 7)
    slot = _at(day, hour, tz)
    if slot > local_now:
        slot = _at(day - datetime.timedelta(days=7), hour, tz)
    if cadence == "biweekly" and ((slot.date() - BIWEEKLY_EPOCH).days // 7) % 2:
        slot = _at(slot.date() - datetime.timedelta(days=7), hour, tz)
    return slot


def checkin_period(slot: datetime.datetime) -> str:
    """The period a check-in reminder is for: its slot's local date."""
    return f"checkin:{slot.date().isoformat()}"


def _is_slot_day(day: datetime.date, cadence: str, weekday: int) -> bool:
    if day.weekday() != weekday:
        return False
    if cadence == "biweekly":
        return ((day - BIWEEKLY_EPOCH).days // 7) % 2 == 0
    if cadence == "monthly":
        return day.day <= 7
    return cadence == "weekly"


def next_checkin_slot(
    *, now: datetime.datetime, tz: zoneinfo.ZoneInfo, cadence: str, weekday: int, hour: int
) -> datetime.datetime | None:
    """The first check-in slot after `now` (the counterpart of latest_checkin_slot)."""
    if cadence not in PERIOD_DAYS:
        return None
    today = now.astimezone(tz).date()
    for days in range(0, 40):
        day = today + datetime.timedelta(days=days)
        if _is_slot_day(day, cadence, weekday) and _at(day, hour, tz) > now:
            return _at(day, hour, tz)
    return None


CERTIFICATION_THRESHOLDS = (60, 30, 7)


def certification_threshold(*, expires_on: datetime.date, today: datetime.date) -> int | None:
    """The nearest of 60, 30 and 7 days before expiry that has been reached, if any."""
    days_left = (expires_on - today).days
    if days_left < 0:
        return None
    reached = [t for t in CERTIFICATION_THRESHOLDS if days_left <= t]
    return min(reached) if reached else None


def digest_period(*, local_now: datetime.datetime | datetime.date, cadence: str) -> str | None:
    day = local_now.date() if isinstance(local_now, datetime.datetime) else local_now
    if cadence == "daily":
        return day.isoformat()
    if cadence == "weekly":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def next_digest_day(*, day: datetime.date, cadence: str) -> datetime.date:
    """The first day of the digest period after the one `day` is in."""
    if cadence == "weekly":
        return day + datetime.timedelta(days=7 - day.weekday())
    return day + datetime.timedelta(days=1)
