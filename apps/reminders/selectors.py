import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language

from apps.checkins.models import CheckIn
from apps.checkins.selectors import rhythm_for

from . import schedule
from .kinds import SOURCES
from .models import (
    Delivery,
    DeliveryStatus,
    DispatcherState,
    Moment,
    MomentChange,
    Reminder,
    ReminderPreference,
)
from .sources.checkin import CHECKIN, not_started, unanswered


def preference_for(*, user) -> ReminderPreference:
    """The user's preferences; the defaults (unsaved) when they never changed them."""
    try:
        return user.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


def dispatch_partitions() -> int:
    return max(1, settings.REMINDER_PARTITIONS)


def dispatcher_states() -> dict[int, DispatcherState | None]:
    """Each partition's state (None for one that never ran)."""
    states = {state.partition: state for state in DispatcherState.objects.all()}
    return {number: states.get(number) for number in range(dispatch_partitions())}


def checkin_period_now(*, user, now: datetime.datetime) -> str | None:
    """The check-in period the user is in now by their rhythm (None with check-ins off)."""
    _rhythm, when = _slots(user, now)
    slot = schedule.latest_checkin_slot(now=now, **when)
    return schedule.checkin_period(slot) if slot else None


def _slots(user, now: datetime.datetime):
    rhythm = rhythm_for(user=user)
    when = {
        "tz": zoneinfo.ZoneInfo(user.time_zone),
        "cadence": rhythm.checkin_cadence,
        "weekday": rhythm.checkin_weekday,
        "hour": rhythm.checkin_hour,
    }
    return rhythm, when


def checkin_due(*, user, now: datetime.datetime) -> str | None:
    """The period whose check-in is due now and not done yet, by the same rule as the check-in
    reminder (its slot has come, after the user joined, and nothing was checked in since the
    period began), or None."""
    rhythm, when = _slots(user, now)
    slot = schedule.latest_checkin_slot(now=now, **when)
    if slot is None or slot < user.date_joined:
        return None
    if rhythm.pk is None and not_started([user.pk]):  # a saved rhythm has started them
        return None
    last = CheckIn.objects.filter(owner=user).values_list("created_at", flat=True).first()
    if not unanswered(slot=slot, cadence=rhythm.checkin_cadence, last=last):
        return None
    return schedule.checkin_period(slot)


def next_checkin_on(*, user, now: datetime.datetime) -> datetime.date | None:
    """The local day of the user's next check-in slot (None with check-ins off)."""
    _rhythm, when = _slots(user, now)
    slot = schedule.next_checkin_slot(now=now, **when)
    return slot.date() if slot and not not_started([user.pk]) else None


def checkin_reminder(*, user, period: str) -> Reminder | None:
    """The user's check-in reminder of that period, with the check-in answered from its email."""
    return (
        Reminder.objects.filter(user=user, kind=CHECKIN, period=period)
        .select_related("checkin")
        .first()
    )


def dispatcher_health(now: datetime.datetime) -> str:
    """ "ok", or what is wrong with the dispatch: per partition, stale or failed."""
    problems = []
    states = dispatcher_states()
    for number, state in states.items():
        name = "the reminder dispatcher" if len(states) == 1 else f"dispatch partition {number}"
        if state is not None and state.last_run_failed:
            problems.append(f"{name}'s last run failed: {state.last_error[:200]}")
        elif state is None or state.last_run_at is None:
            problems.append(f"{name} has never run")
        else:
            age = (now - state.last_run_at).total_seconds()
            if age > settings.REMINDER_DISPATCHER_STALE_SECONDS:
                problems.append(f"{name} last ran {int(age // 60)} minutes ago")
    return "error: " + "; ".join(problems) if problems else "ok"


def engine_figures(now: datetime.datetime) -> dict:
    """What the metrics and the admin show of the engine: the lag (how long the oldest due
    moment has waited), changes waiting, deliveries by status, and each partition's last run.
    Every query here is an index scan or a small count, so it is cheap on large tables."""
    oldest = (
        Moment.objects.filter(due_at__isnull=False, due_at__lte=now)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    by_status = dict.fromkeys(DeliveryStatus.values, 0)
    waiting = [DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRY]
    for status, count in (
        Delivery.objects.filter(status__in=waiting)
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    ):
        by_status[status] = count
    hour_ago = now - datetime.timedelta(hours=1)
    for status, count in (
        Delivery.objects.filter(
            status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED], created_at__gte=hour_ago
        )
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    ):
        by_status[status] = count
    return {
        "lag_seconds": (now - oldest).total_seconds() if oldest else 0.0,
        "changes_waiting": MomentChange.objects.count(),
        "deliveries": by_status,
        "partitions": dispatcher_states(),
    }


def next_reminder(*, user) -> tuple[Moment | None, str]:
    """The user's next reminder as the engine has it, and what kind it is ("check-in
    reminders"), or (None, "")."""
    moment = Moment.objects.filter(user=user, due_at__isnull=False).order_by("due_at").first()
    if moment is None:
        return None, ""
    source = SOURCES.get(moment.source.partition(":")[0])
    return moment, (_within_a_sentence(source.kinds[0].label) if source else "")


def _within_a_sentence(label) -> str:
    """A kind's label inside a sentence: lower case, but German nouns keep their capitals."""
    return str(label) if (get_language() or "").startswith("de") else str(label).lower()
