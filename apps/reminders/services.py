"""Reminders, exactly once: the dispatcher's run and the workers' delivery.

The dispatcher (Celery beat every minute, one task per partition of the users, or
`manage.py send_reminders`) reads only the next-due moments that have come (apps.reminders.moments
and apps.reminders.engine), records each due reminder in PostgreSQL, unique per user, kind and
period, so running it twice, or twice at once, records nothing twice, and groups what is due for
one user into one Delivery, one email (apps.reminders.recording). Each delivery is handed to a
worker, which claims it with a conditional UPDATE before sending, so two workers never send it
both; a failed send is retried with backoff, and a claim left by a killed worker expires after a
lease (apps.reminders.delivery). Tasks call these services; nothing here imports the tasks.
"""

import datetime
import logging
import time

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.checkins.models import CheckIn
from apps.checkins.selectors import rhythm_for
from apps.checkins.services import checkin_create, checkin_notes_added, checkin_update

from . import delivery, engine, recording
from .models import Delivery, DeliveryStatus, DispatcherState, Reminder
from .selectors import dispatch_partitions, preference_for
from .sources.checkin import CHECKIN

logger = logging.getLogger(__name__)

# Deliveries per worker task: one SMTP connection and one load of their data for all of them.
DELIVERY_BATCH = 100
DELIVER_TASK = "reminders.deliver"


def reminders_dispatch(
    *,
    now: datetime.datetime | None = None,
    partition: int | None = None,
    partitions: int | None = None,
) -> int:
    """One run of the dispatcher over one partition of the users, or over all of them in turn;
    returns how many deliveries it handed to workers. Each partition's run is recorded once its
    work is done, or as failed (which /healthz reports) if it could not."""
    now = now or timezone.now()
    partitions = partitions or dispatch_partitions()
    chosen = range(partitions) if partition is None else [partition]
    return sum(_dispatch_partition(now, number, partitions) for number in chosen)


def _dispatch_partition(now: datetime.datetime, partition: int, partitions: int) -> int:
    started = time.monotonic()
    current = engine.Run(now=now, partition=partition, partitions=partitions)
    try:
        engine.run(current)
        created = recording.group_into_deliveries(current.of_mine)
        # One partition looks after the deliveries that lost their way: retries, lost, abandoned.
        lost = recording.deliveries_to_queue(now) if partition == 0 else []
    except Exception as error:
        DispatcherState.objects.update_or_create(
            partition=partition,
            defaults={
                "last_failed_at": now,
                "last_error": f"{error.__class__.__name__}: {error}"[:2000],
            },
        )
        raise
    DispatcherState.objects.update_or_create(
        partition=partition,
        defaults={
            "last_run_at": now,
            "users_skipped": len(current.skipped),
            "last_duration": time.monotonic() - started,
            "last_recorded": current.recorded,
        },
    )
    to_queue = list(dict.fromkeys(created + lost))
    _queue(to_queue)
    if current.skipped:
        logger.warning(
            "Reminder dispatch skipped %s user(s): %s", len(current.skipped), current.skipped[:20]
        )
    return len(to_queue)


def reminders_purge(*, now: datetime.datetime | None = None, batch: int = 1000) -> int:
    """Deletes sent and failed deliveries older than the retention period, with their reminders,
    in small batches (each its own transaction, oldest first through an index); returns how
    many deliveries went. Pending and retrying ones stay, whatever their age."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.REMINDER_RETENTION_DAYS)
    finished = Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED])
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                Delivery.objects.filter(finished, created_at__lt=before)
                .order_by("created_at", "id")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return deleted
            Reminder.objects.filter(delivery_id__in=ids).delete()
            Delivery.objects.filter(pk__in=ids).delete()
            deleted += len(ids)


def _queue(delivery_ids: list[int]) -> None:
    """Hands the deliveries to workers in batches. The task is looked up by its name, so this
    module never imports the tasks (they import it)."""
    deliver_task = current_app.tasks[DELIVER_TASK]
    for start in range(0, len(delivery_ids), DELIVERY_BATCH):
        batch = delivery_ids[start : start + DELIVERY_BATCH]
        try:
            deliver_task.delay(batch)
        except Exception:  # the broker is down: the next run queues them again
            logger.exception("Could not queue deliveries %s; they stay pending.", batch)


def reminders_deliver(*, delivery_ids: list[int]) -> list[str]:
    """Sends the deliveries this call wins the claim for (see apps.reminders.delivery)."""
    return delivery.deliver(delivery_ids=delivery_ids)


@transaction.atomic
def reminder_settings_update(*, user, rhythm: dict | None, preferences: dict | None) -> None:
    """The check-in rhythm and the reminder preferences, saved together from the settings page;
    a part left as it was (None) is not written, so defaults kept need no row."""
    for current, values in (
        (rhythm_for(user=user), rhythm),
        (preference_for(user=user), preferences),
    ):
        if values is None:
            continue
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()


@transaction.atomic
def reminders_turn_off(*, user, kinds) -> None:
    """Turns these kinds of reminder off (a one-click unsubscribe), wherever each is switched."""
    preference, rhythm = preference_for(user=user), rhythm_for(user=user)
    for kind in kinds:
        kind.turn_off(preference, rhythm)
    preference.save()
    rhythm.save()


def reminders_snooze(*, user, days: int = 7) -> datetime.datetime:
    preference = preference_for(user=user)
    preference.snoozed_until = timezone.now() + datetime.timedelta(days=days)
    preference.save()
    return preference.snoozed_until


@transaction.atomic
def reminders_checkin_answer(*, user, period: str, add_notes: str = "", **fields) -> CheckIn:
    """The check-in answered from the email of the user's check-in reminder of `period`: the
    first answer creates it, later ones edit the same check-in, so a period gets at most one
    check-in this way (the reminder row, locked, holds which). `add_notes` are added to the
    notes it has, read after the lock, so replies arriving at once each keep theirs."""
    reminder = Reminder.objects.select_for_update().get(user=user, kind=CHECKIN, period=period)
    # read after the lock, in a statement of its own: a join in the locking query would see the
    # check-in as it was before the lock was granted
    checkin = CheckIn.objects.filter(pk=reminder.checkin_id).first()
    if add_notes:
        existing = checkin.notes if checkin else ""
        fields["notes"] = checkin_notes_added(notes=existing, added=add_notes)
    if checkin is not None:
        return checkin_update(checkin=checkin, **fields)
    reminder.checkin = checkin_create(owner=user, **fields)
    reminder.save(update_fields=["checkin"])
    return reminder.checkin


@transaction.atomic
def reminders_checkin_today(*, user, period: str, **fields) -> CheckIn:
    """The check-in due in `period` answered from the Today list: through its reminder when one
    was sent (so the email's link shows the same check-in), else as a new check-in."""
    if Reminder.objects.filter(user=user, kind=CHECKIN, period=period).exists():
        return reminders_checkin_answer(user=user, period=period, **fields)
    return checkin_create(owner=user, **fields)
