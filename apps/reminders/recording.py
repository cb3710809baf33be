"""Recording what is due, once per user, kind and period, and grouping it into deliveries: one
email per user for everything due together, each handed to a worker once it waits."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .kinds import Due
from .models import Delivery, DeliveryStatus, Reminder

GROUP_BATCH = 1000  # users per transaction when grouping reminders into emails


def record(due: list[Due]) -> int:
    """Inserts each due reminder once, in one set-based statement; a row that exists already is
    left alone (the unique constraint decides, so two dispatchers at once record it once).
    Returns how many were new."""
    if not due:
        return 0
    if connection.vendor != "postgresql":
        return len(
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        user_id=d.user_id,
                        kind=d.kind,
                        period=d.period,
                        subject=d.subject,
                        url=d.url,
                    )
                    for d in due
                ],
                ignore_conflicts=True,
                batch_size=500,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Reminder._meta.db_table}
                    (user_id, kind, period, subject, url, created_at)
                SELECT user_id, kind, period, subject, url, %s
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[])
                    AS due(user_id, kind, period, subject, url)
                ON CONFLICT DO NOTHING""",
            [
                timezone.now(),
                [d.user_id for d in due],
                [d.kind for d in due],
                [d.period for d in due],
                [d.subject for d in due],
                [d.url for d in due],
            ],
        )
        return cursor.rowcount


def group_into_deliveries(narrow=lambda queryset: queryset) -> list[int]:
    """Puts every reminder not yet in an email (of the users `narrow` keeps) into one new
    delivery per user, a thousand users per transaction, set-based."""
    created: list[int] = []
    while batch := _group_batch(narrow):
        created += batch
    return created


@transaction.atomic
def _group_batch(narrow) -> list[int]:
    waiting = list(
        narrow(Reminder.objects.select_for_update(skip_locked=True))
        .filter(delivery__isnull=True)
        .order_by("user_id")
        .values_list("pk", "user_id")[: GROUP_BATCH * 5]
    )
    users = sorted({user_id for _, user_id in waiting})
    if len(waiting) == GROUP_BATCH * 5 and len(users) > 1:
        users.pop()  # the last user's reminders may go on past the batch: all of them next time
    users = users[:GROUP_BATCH]
    if not users:
        return []
    # PostgreSQL and SQLite both hand back the new ids (RETURNING).
    created = [d.pk for d in Delivery.objects.bulk_create([Delivery(user_id=u) for u in users])]
    chosen = set(users)
    Reminder.objects.filter(pk__in=[pk for pk, user_id in waiting if user_id in chosen]).update(
        delivery_id=Subquery(
            Delivery.objects.filter(pk__in=created, user_id=OuterRef("user_id")).values("pk")[:1]
        )
    )
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
