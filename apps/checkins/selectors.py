import datetime

from django.db.models import QuerySet
from django.utils import timezone

from apps.core.charts import line_chart

from .models import CheckIn, CheckInRhythm

TREND_LENGTH = 12

# How long one period of a streak lasts. Wider than the reminder schedule's window for "monthly":
# check-ins a calendar month apart (up to 31 days) still count as a streak.
STREAK_PERIOD_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 31}


def checkins_for(*, owner) -> QuerySet:
    return CheckIn.objects.filter(owner=owner).select_related("next_step_milestone")


def trend(*, checkins: list[CheckIn]):
    """The chart of the latest check-ins (newest first in `checkins`), or None under two."""
    recent = list(reversed(checkins[:TREND_LENGTH]))
    if len(recent) < 2:
        return None
    return line_chart(
        [timezone.localtime(c.created_at).strftime("%d %b") for c in recent],
        {
            "Toward my North Star": ("series-north-star", [c.north_star_progress for c in recent]),
            "Career, not just job": ("series-career", [c.job_or_career for c in recent]),
        },
    )


def streak(*, owner, cadence: str, today: datetime.date) -> int:
    """How many periods in a row, back from this one (or the last), have a check-in."""
    length = datetime.timedelta(days=STREAK_PERIOD_DAYS.get(cadence, 7))
    dates = sorted(
        {
            timezone.localtime(c).date()
            for c in CheckIn.objects.filter(owner=owner).values_list("created_at", flat=True)
        },
        reverse=True,
    )
    count, period_end = 0, today
    for _ in range(len(dates) + 1):
        period_start = period_end - length + datetime.timedelta(days=1)
        if any(period_start <= day <= period_end for day in dates):
            count += 1
        elif count or period_end != today:
            break
        period_end = period_start - datetime.timedelta(days=1)
    return count


def rhythm_for(*, user) -> CheckInRhythm:
    """The user's check-in rhythm; the default one (unsaved) when they never changed it."""
    try:
        return user.checkin_rhythm
    except CheckInRhythm.DoesNotExist:
        return CheckInRhythm(user=user)
