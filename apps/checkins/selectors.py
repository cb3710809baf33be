import datetime

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.areas import recap_sources
from apps.core.changes import Change, changes_since
from apps.core.charts import line_chart
from apps.core.i18n import local_date
from apps.milestones.models import Milestone, MilestoneStatus

from .models import CheckIn, CheckInRhythm

TREND_LENGTH = 12
# The check-ins themselves aside; comments (a mentor's answer to the last check-in too) included.

# How long one period of a streak lasts. Wider than the reminder schedule's window for "monthly":
# check-ins a calendar month apart (up to 31 days) still count as a streak.
STREAK_PERIOD_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 31}


def checkins_for(*, owner) -> QuerySet:
    return CheckIn.objects.filter(owner=owner).select_related("next_step_milestone")


def last_commitment(*, owner) -> str:
    """The next step the latest check-in committed to ("" when it named none)."""
    latest = CheckIn.objects.filter(owner=owner).values_list("next_step", flat=True).first()
    return (latest or "").strip()


def last_commitments(*, owner_ids) -> dict[int, str]:
    """last_commitment of many people at once, one query (for a batch of reminder emails)."""
    latest = CheckIn.objects.filter(owner_id=OuterRef("pk")).order_by("-created_at", "-pk")
    rows = (
        get_user_model()
        .objects.filter(pk__in=owner_ids)
        .annotate(step=Subquery(latest.values("next_step")[:1]))
        .values_list("pk", "step")
    )
    return {pk: step.strip() for pk, step in rows if step and step.strip()}


def since_last_checkin(*, owner, now: datetime.datetime, limit: int = 10) -> list[Change]:
    """What happened in the plan since the latest check-in (or the last week, before the first),
    told by every area's provider, newest first."""
    latest = CheckIn.objects.filter(owner=owner).values_list("created_at", flat=True).first()
    since = latest or now - datetime.timedelta(days=7)
    return changes_since(
        owner_id=owner.pk, since=since, sources=recap_sources(), viewer_id=owner.pk
    )[:limit]


def open_milestones(*, owner) -> list[Milestone]:
    """The milestones a next step can become a step of: not done, not dropped."""
    return list(
        Milestone.objects.filter(owner=owner)
        .exclude(status__in=[MilestoneStatus.DONE, MilestoneStatus.DROPPED])
        .order_by("target_date", "title", "pk")
        .only("pk", "title")
    )


def trend(*, checkins: list[CheckIn]):
    """The chart of the latest check-ins (newest first in `checkins`), or None under two."""
    recent = list(reversed(checkins[:TREND_LENGTH]))
    if len(recent) < 2:
        return None
    return line_chart(
        [local_date(timezone.localtime(c.created_at), "d M") for c in recent],
        {
            gettext("Toward my North Star"): (
                "series-north-star",
                [c.north_star_progress for c in recent],
            ),
            gettext("Career, not just job"): ("series-career", [c.job_or_career for c in recent]),
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
