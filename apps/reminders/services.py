"""Finding what is due, recording it once, and sending each due reminder exactly once.

The dispatcher (Celery beat every minute, or `manage.py send_reminders`) records each due reminder
in PostgreSQL, unique per user, kind and period, so running it twice, or twice at once, records
nothing twice. Reminders due for one user at the same time are grouped into one Delivery (one
email). A delivery is claimed with a conditional UPDATE before it is sent, so two workers never
send it both; a failed send is retried with backoff; a claim left by a killed worker expires after
a lease and the delivery is tried again.
"""

import datetime
import logging
import select
import time
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from psycopg import pq

from apps.accounts.models import User
from apps.checkins.models import CheckIn
from apps.learning.models import LearningItem, LearningKind
from apps.mentoring.models import Notification
from apps.milestones.models import OPEN_STATUSES, Milestone
from apps.network.models import Contact
from apps.vision.models import Horizon

from . import emails, schedule, tasks
from .models import (
    Delivery,
    DeliveryStatus,
    DispatcherState,
    Reminder,
    ReminderKind,
    ReminderPreference,
)

logger = logging.getLogger(__name__)

# Deliveries per worker task: one SMTP connection and one load of their data for all of them.
DELIVERY_BATCH = 100


@dataclass(frozen=True)
class Due:
    user_id: int
    kind: str
    period: str
    subject: str
    url: str


def _users_with_preferences():
    """Every active user with a verified address, and their preferences (defaults if unsaved)."""
    users = User.objects.filter(
        is_active=True, emailaddress__verified=True, emailaddress__primary=True
    ).select_related("reminder_preference")
    for user in users:
        try:
            preference = user.reminder_preference
        except ReminderPreference.DoesNotExist:
            preference = ReminderPreference(user=user)
        yield user, preference


def _person(user, preference, now: datetime.datetime):
    """What the dispatcher needs of one user now (None when paused, snoozed or quiet)."""
    try:
        tz = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local_now = now.astimezone(tz)
    if preference.paused or (preference.snoozed_until and preference.snoozed_until > now):
        return None
    if preference.in_quiet_hours(local_now.hour):
        return None
    slot = None
    if preference.wants(ReminderKind.CHECKIN):
        slot = schedule.latest_checkin_slot(
            now=now,
            tz=tz,
            cadence=preference.checkin_cadence,
            weekday=preference.checkin_weekday,
            hour=preference.checkin_hour,
        )
    return (user, preference, slot, local_now)


def _due_now(now: datetime.datetime, *, skipped: list[int] | None = None) -> list[Due]:
    """Everything due at `now` for every user who wants it and is not paused, snoozed or quiet.
    A user whose settings cannot be read is logged and left out (their id goes in `skipped`):
    one account must never stop everyone else's reminders."""
    people, skipped = {}, [] if skipped is None else skipped
    for user, preference in _users_with_preferences():
        try:
            person = _person(user, preference, now)
        except Exception:  # whatever one user's row holds, the others' reminders go out
            logger.exception("Reminders of user %s skipped: their settings are unusable.", user.pk)
            skipped.append(user.pk)
            continue
        if person is not None:
            people[user.pk] = person
    if not people:
        return []
    due: list[Due] = []
    due += _due_checkins(people)
    due += _due_milestones(people)
    due += _due_contacts(people)
    due += _due_certifications(people)
    due += _due_comment_digests(people)
    return due


def _due_checkins(people) -> list[Due]:
    slots = {}
    for user_id, (user, preference, slot, _local_now) in people.items():
        if slot and slot >= user.date_joined:
            slots[user_id] = (slot, preference.checkin_cadence)
    if not slots:
        return []
    earliest = min(slot for slot, _ in slots.values()) - datetime.timedelta(days=31)
    latest_checkin = {}
    for owner_id, created_at in CheckIn.objects.filter(
        owner_id__in=slots, created_at__gte=earliest
    ).values_list("owner_id", "created_at"):
        latest_checkin[owner_id] = max(created_at, latest_checkin.get(owner_id, created_at))
    due = []
    for user_id, (slot, cadence) in slots.items():
        period_start = slot - datetime.timedelta(days=schedule.PERIOD_DAYS[cadence] - 1)
        if latest_checkin.get(user_id) and latest_checkin[user_id] >= period_start:
            continue
        due.append(
            Due(user_id, ReminderKind.CHECKIN, f"checkin:{slot.date().isoformat()}",
                "Time for your check-in: job or career?", reverse("checkins:create"))
        )  # fmt: skip
    return due


def _due_milestones(people) -> list[Due]:
    due = []
    widest = max(p.milestone_days_before for _, p, _, _ in people.values())
    horizon_end = max(local_now.date() for *_, local_now in people.values())
    milestones = Milestone.objects.filter(
        owner_id__in=people,
        status__in=OPEN_STATUSES,
        target_date__lte=horizon_end + datetime.timedelta(days=widest),
    ).only("pk", "owner_id", "title", "target_date")
    for milestone in milestones:
        _user, preference, _slot, local_now = people[milestone.owner_id]
        today, url = local_now.date(), milestone.get_absolute_url()
        if milestone.target_date < today:
            if preference.milestone_overdue:
                due.append(
                    Due(milestone.owner_id, ReminderKind.MILESTONE_OVERDUE,
                        f"milestone:{milestone.pk}:{milestone.target_date}",
                        f"Overdue since {milestone.target_date:%d %b}: {milestone.title}", url)
                )  # fmt: skip
        elif (
            preference.milestone_due
            and (milestone.target_date - today).days <= preference.milestone_days_before
        ):
            due.append(
                Due(milestone.owner_id, ReminderKind.MILESTONE_DUE,
                    f"milestone:{milestone.pk}:{milestone.target_date}",
                    f"Due on {milestone.target_date:%d %b}: {milestone.title}", url)
            )  # fmt: skip
    return due


def _due_contacts(people) -> list[Due]:
    horizon_end = max(local_now.date() for *_, local_now in people.values())
    due = []
    for contact in Contact.objects.filter(
        owner_id__in=[uid for uid, (_, p, _, _) in people.items() if p.contact_due],
        next_due_on__lte=horizon_end,
    ).only("pk", "owner_id", "name", "next_due_on"):
        local_today = people[contact.owner_id][3].date()
        if contact.next_due_on <= local_today:
            due.append(
                Due(contact.owner_id, ReminderKind.CONTACT_DUE,
                    f"contact:{contact.pk}:{contact.next_due_on}",
                    f"Reach out to {contact.name}", reverse("network:reach_out"))
            )  # fmt: skip
    return due


def _due_certifications(people) -> list[Due]:
    horizon_end = max(local_now.date() for *_, local_now in people.values())
    due = []
    for item in LearningItem.objects.filter(
        owner_id__in=[uid for uid, (_, p, _, _) in people.items() if p.certification],
        kind=LearningKind.CERTIFICATION,
        expires_on__isnull=False,
        expires_on__lte=horizon_end + datetime.timedelta(days=61),
    ).only("pk", "owner_id", "title", "expires_on"):
        local_today = people[item.owner_id][3].date()
        threshold = schedule.certification_threshold(expires_on=item.expires_on, today=local_today)
        if threshold is not None:
            due.append(
                Due(item.owner_id, ReminderKind.CERTIFICATION,
                    f"certification:{item.pk}:{item.expires_on}:{threshold}",
                    f"{item.title} expires on {item.expires_on:%d %b %Y}", item.get_absolute_url())
            )  # fmt: skip
    return due


def _due_comment_digests(people) -> list[Due]:
    wanting = {
        uid: p for uid, (_, p, _, local_now) in people.items()
        if p.wants(ReminderKind.COMMENTS) and local_now.hour >= p.checkin_hour
    }  # fmt: skip
    if not wanting:
        return []
    waiting = set(
        Notification.objects.filter(
            recipient_id__in=wanting, read_at__isnull=True, emailed_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    due = []
    for user_id in waiting:
        local_now = people[user_id][3]
        period = schedule.digest_period(local_now=local_now, cadence=wanting[user_id].comments)
        due.append(
            Due(user_id, ReminderKind.COMMENTS, f"comments:{period}",
                "New comments on your plan", reverse("mentoring:comments"))
        )  # fmt: skip
    return due


def _record(due: list[Due]) -> None:
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
def _group_into_deliveries() -> list[int]:
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


def _deliveries_to_queue(now: datetime.datetime) -> list[int]:
    """Deliveries waiting for a worker: new, due for a retry, lost from the queue, or abandoned."""
    lease = datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease).update(
        status=DeliveryStatus.RETRY, next_attempt_at=None, last_error="Abandoned by its worker."
    )
    return list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, created_at__lt=now - datetime.timedelta(minutes=1))
            | _retry_due(now)
        ).values_list("pk", flat=True)
    )


def _retry_due(now: datetime.datetime) -> Q:
    """Retries whose backoff has passed; no time set means as soon as possible."""
    return Q(status=DeliveryStatus.RETRY) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def reminders_dispatch(*, now: datetime.datetime | None = None) -> int:
    """One run of the dispatcher; returns how many deliveries it handed to workers. The run is
    recorded once its work is done, or as failed (which /healthz reports) if it could not."""
    now = now or timezone.now()
    skipped: list[int] = []
    try:
        _record(_due_now(now, skipped=skipped))
        to_queue = list(dict.fromkeys(_group_into_deliveries() + _deliveries_to_queue(now)))
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
    for start in range(0, len(to_queue), DELIVERY_BATCH):
        batch = to_queue[start : start + DELIVERY_BATCH]
        try:
            tasks.reminders_deliver.delay(batch)
        except Exception:  # the broker is down: the next run queues them again
            logger.exception("Could not queue deliveries %s; they stay pending.", batch)
    if skipped:
        logger.warning("Reminder dispatch skipped %s user(s): %s", len(skipped), skipped[:20])
    return len(to_queue)


@transaction.atomic
def _claim(delivery_ids: list[int], now: datetime.datetime) -> set[int]:
    """Marks the claimable ones among these deliveries as this worker's; returns their ids.

    Rows another worker is claiming at this moment are skipped (SKIP LOCKED), and a claimed row
    is no longer claimable, so no delivery is ever claimed twice."""
    claimable = Q(status=DeliveryStatus.PENDING) | _retry_due(now)
    claimed = set(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(claimable, pk__in=delivery_ids)
        .values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=claimed).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed


def _load(
    delivery_ids: set[int],
) -> tuple[list[Delivery], dict[int, list[dict]], dict[int, str]]:
    """The deliveries with their users, each one's reminders (as plain rows: a batch has
    thousands), and each user's North Star statement."""
    deliveries = list(
        Delivery.objects.filter(pk__in=delivery_ids)
        .select_related("user")
        .only("attempts", "user__email", "user__display_name", "user__time_zone")
        .order_by("pk")
    )
    reminders = {delivery.pk: [] for delivery in deliveries}
    for row in (
        Reminder.objects.filter(delivery_id__in=reminders)
        .order_by("kind", "pk")
        .values("delivery_id", "kind", "subject", "url")
    ):
        reminders[row["delivery_id"]].append(row)
    north_stars = dict(
        Horizon.objects.filter(
            owner_id__in=[d.user_id for d in deliveries], is_north_star=True
        ).values_list("owner_id", "statement")
    )
    return deliveries, reminders, north_stars


class SentMarks:
    """Marks deliveries sent, one UPDATE after each accepted email, without waiting for its answer:
    the statement goes out at once on the worker's database connection, and its answer is read
    (by `wait`, before the next email goes out or anything else uses the connection; by then it
    has arrived) rather than stalling the worker for a round trip per email. So a crash still
    leaves at most the email in flight unmarked, and a failed mark stops the batch before another
    email goes out. On `make bench`'s machine one worker alone spent 30% less time per email.
    In a transaction, or on another database (`make run`'s SQLite), the statement runs through
    Django and is waited for."""

    SQL = (
        f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, last_error = '' "
        "WHERE id = %s"
    )

    def __init__(self):
        self._unanswered = None  # libpq's connection while a mark's answer is still to be read

    def send(self, delivery_id: int) -> None:
        self.wait()
        params = [DeliveryStatus.SENT, timezone.now(), delivery_id]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute(self.SQL, params)
            return
        connection.ensure_connection()
        pgconn = connection.connection.pgconn
        with connection.wrap_database_errors:
            pgconn.send_query_params(
                (self.SQL % ("$1", "$2", "$3")).encode(), [str(param).encode() for param in params]
            )
            while pgconn.flush():  # the socket's buffer is full: wait until it takes the rest
                select.select([], [pgconn.socket], [])
        self._unanswered = pgconn

    def wait(self) -> None:
        """Reads the last mark's answer; raises if it failed."""
        if self._unanswered is None:
            return
        pgconn, self._unanswered = self._unanswered, None
        failures = []
        with connection.wrap_database_errors:
            while pgconn.is_busy():
                select.select([pgconn.socket], [], [])
                pgconn.consume_input()
            while (result := pgconn.get_result()) is not None:
                if result.status != pq.ExecStatus.COMMAND_OK:
                    failures.append(result.error_message.decode(errors="replace"))
        if failures:
            raise DatabaseError(f"Could not mark a delivery sent: {failures[0]}")


def reminders_deliver(*, delivery_ids: list[int]) -> list[str]:
    """Sends the deliveries this call wins the claim for, over one SMTP connection.

    Safe to call any number of times: the claim makes each delivery this worker's alone, and each
    is marked sent just after its email is accepted, so a crash can only ever leave one email
    unmarked. A batch that runs into half its lease hands the rest back rather than risk a second
    worker taking them over while they are still in its hands.
    """
    now = timezone.now()
    claimed = _claim(delivery_ids, now)
    deliveries, reminders, north_stars = _load(claimed)
    outcomes = {delivery_id: "not claimed" for delivery_id in delivery_ids}
    give_back_at = time.monotonic() + settings.REMINDER_SEND_LEASE_SECONDS / 2
    smtp = get_connection(fail_silently=False)
    marks = SentMarks()
    try:
        for delivery in deliveries:
            if time.monotonic() > give_back_at:
                marks.wait()
                outcomes[delivery.pk] = _give_back(delivery, claimed_at=now)
            else:
                outcomes[delivery.pk] = _send(
                    delivery, reminders[delivery.pk], north_stars.get(delivery.user_id),
                    smtp=smtp, marks=marks,
                )  # fmt: skip
    finally:
        smtp.close()
        marks.wait()
    return [outcomes[delivery_id] for delivery_id in delivery_ids]


def _give_back(delivery: Delivery, *, claimed_at: datetime.datetime) -> str:
    Delivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=claimed_at
    ).update(status=DeliveryStatus.RETRY, next_attempt_at=None, attempts=F("attempts") - 1)
    return "given back"


def _send(
    delivery: Delivery, reminders: list[dict], north_star: str | None, *, smtp, marks: SentMarks
) -> str:
    now = timezone.now()
    try:
        message = emails.reminder_digest(delivery, reminders=reminders, north_star=north_star)
    except Exception as error:  # this email cannot be built: record why, the others go on
        marks.wait()
        return _failed(delivery, error, now=now)
    marks.wait()  # the last email's mark: should it fail, no other email goes out
    try:
        smtp.open()  # no-op while the connection is open
        smtp.send_messages([message])
    except Exception as error:  # any SMTP or network failure: retry later, record why
        smtp.close()  # the next message opens a fresh connection
        return _failed(delivery, error, now=now)
    if any(reminder["kind"] == ReminderKind.COMMENTS for reminder in reminders):
        with transaction.atomic():
            marks.send(delivery.pk)
            Notification.objects.filter(
                recipient_id=delivery.user_id, emailed_at__isnull=True, created_at__lte=now
            ).update(emailed_at=now)
    else:
        marks.send(delivery.pk)
    return "sent"


def _failed(delivery: Delivery, error: Exception, *, now: datetime.datetime) -> str:
    """Records why this try failed: a retry after a backoff, or failed for good."""
    failed_for_good = delivery.attempts >= settings.REMINDER_MAX_ATTEMPTS
    backoff = datetime.timedelta(
        seconds=settings.REMINDER_RETRY_BACKOFF_SECONDS * 2 ** (delivery.attempts - 1)
    )
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED if failed_for_good else DeliveryStatus.RETRY,
        next_attempt_at=None if failed_for_good else now + backoff,
        last_error=f"{error.__class__.__name__}: {error}"[:2000],
    )
    logger.warning("Delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
    return "failed"
