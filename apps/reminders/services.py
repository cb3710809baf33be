"""Reminders, exactly once: the dispatcher's run and the workers' delivery.

The dispatcher (Celery beat every minute, or `manage.py send_reminders`) finds what is due
(apps.reminders.due), records each due reminder in PostgreSQL, unique per user, kind and period,
so running it twice, or twice at once, records nothing twice, and groups what is due for one user
into one Delivery, one email (apps.reminders.recording). Each delivery is handed to a worker,
which claims it with a conditional UPDATE before sending, so two workers never send it both; a
failed send is retried with backoff, and a claim left by a killed worker expires after a lease
(apps.reminders.delivery). Tasks call these services; nothing here imports the tasks.
"""

import datetime
import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone

from apps.checkins.selectors import rhythm_for

from . import delivery, due, recording
from .models import DispatcherState
from .selectors import preference_for

logger = logging.getLogger(__name__)

# Deliveries per worker task: one SMTP connection and one load of their data for all of them.
DELIVERY_BATCH = 100
DELIVER_TASK = "reminders.deliver"


def reminders_dispatch(*, now: datetime.datetime | None = None) -> int:
    """One run of the dispatcher; returns how many deliveries it handed to workers. The run is
    recorded once its work is done, or as failed (which /healthz reports) if it could not."""
    now = now or timezone.now()
    skipped: list[int] = []
    try:
        recording.record(due.due_now(now, skipped=skipped))
        to_queue = list(
            dict.fromkeys(recording.group_into_deliveries() + recording.deliveries_to_queue(now))
        )
    except Exception as error:
        DispatcherState.objects.update_or_create(
            pk=1,
            defaults={
                "last_failed_at": now,
                "last_error": f"{error.__class__.__name__}: {error}"[:2000],
            },
        )
        raise
    DispatcherState.objects.update_or_create(
        pk=1, defaults={"last_run_at": now, "users_skipped": len(skipped)}
    )
    _queue(to_queue)
    if skipped:
        logger.warning("Reminder dispatch skipped %s user(s): %s", len(skipped), skipped[:20])
    return len(to_queue)


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
