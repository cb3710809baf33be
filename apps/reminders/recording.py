"""Recording what is due, once per user, kind and period, and grouping it into deliveries: one
email per user for everything due together, each handed to a worker once it waits."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from .kinds import Due
from .models import Delivery, DeliveryStatus, Reminder


def record(due: list[Due]) -> None:
    """Inserts each due reminder once; a row that exists already is left alone."""
    Reminder.objects.bulk_create(
        [
            Reminder(user_id=d.user_id, kind=d.kind, period=d.period, subject=d.subject, url=d.url)
            for d in due
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


@transaction.atomic
def group_into_deliveries() -> list[int]:
    """Puts every reminder not yet in an email into one new delivery per user."""
    waiting = list(
        Reminder.objects.select_for_update(skip_locked=True)
        .filter(delivery__isnull=True)
        .values_list("pk", "user_id")
    )
    by_user: dict[int, list[int]] = {}
    for reminder_id, user_id in waiting:
        by_user.setdefault(user_id, []).append(reminder_id)
    created = []
    for user_id, reminder_ids in by_user.items():
        delivery = Delivery.objects.create(user_id=user_id)
        Reminder.objects.filter(pk__in=reminder_ids).update(delivery=delivery)
        created.append(delivery.pk)
    return created


def deliveries_to_queue(now: datetime.datetime) -> list[int]:
    """Deliveries waiting for a worker: new, due for a retry, lost from the queue, or abandoned."""
    lease = datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease).update(
        status=DeliveryStatus.RETRY, next_attempt_at=None, last_error="Abandoned by its worker."
    )
    return list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, created_at__lt=now - datetime.timedelta(minutes=1))
            | retry_due(now)
        ).values_list("pk", flat=True)
    )


def retry_due(now: datetime.datetime) -> Q:
    """Retries whose backoff has passed; no time set means as soon as possible."""
    return Q(status=DeliveryStatus.RETRY) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
