"""One dispatch run over one partition of the users: refresh the moments of users whose inputs
changed, then take the moments that have come, in keyset batches through the index on
(due_at, id), record what fell due set-based and move each source on to its next moment.

A partition is the users whose id leaves `partition` when divided by `partitions`: beat queues one
task per partition, so the work spreads over every worker. Rows are locked with SKIP LOCKED, so
two runs of one partition (two beats) share the work instead of doing it twice, and the unique
constraint on reminders records each one once whatever happens.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Mod

from . import moments, recording
from .models import Moment, MomentChange

BATCH = 1000  # users per transaction
CHANGES_BUDGET_SECONDS = 30  # refreshing changed users never holds up what is due for long


@dataclass
class Run:
    now: datetime.datetime
    partition: int = 0
    partitions: int = 1
    recorded: int = 0
    changes: int = 0
    skipped: list[int] = field(default_factory=list)

    def of_mine(self, queryset, column: str = "user_id"):
        """`queryset` narrowed to this partition's users."""
        if self.partitions == 1:
            return queryset
        return queryset.annotate(_partition=Mod(F(column), self.partitions)).filter(
            _partition=self.partition
        )


def run(current: Run) -> Run:
    drain_changes(current)
    take_due(current)
    return current


def _handle(current: Run, user_ids, only: dict[int, set[str]] | None = None) -> None:
    outcome = moments.work_out(user_ids, current.now, only)
    current.recorded += recording.record(outcome.due)
    moments.save(outcome, current.now)
    current.skipped += sorted(outcome.broken)


def drain_changes(current: Run) -> None:
    """Works out again the users whose inputs changed since the last run."""
    started = time.monotonic()
    while time.monotonic() - started < CHANGES_BUDGET_SECONDS:
        with transaction.atomic():
            changes = list(
                current.of_mine(MomentChange.objects.select_for_update(skip_locked=True))
                .order_by("user_id")
                .values_list("pk", "user_id")[:BATCH]
            )
            if not changes:
                return
            MomentChange.objects.filter(pk__in=[pk for pk, _ in changes]).delete()
            _handle(current, [user_id for _, user_id in changes])
            current.changes += len(changes)


def take_due(current: Run) -> None:
    """Handles every moment that has come, oldest first, a batch of users at a time."""
    after: tuple | None = None
    while True:
        with transaction.atomic():
            due = current.of_mine(
                Moment.objects.select_for_update(skip_locked=True).filter(
                    due_at__isnull=False, due_at__lte=current.now
                )
            )
            if after is not None:
                due = due.filter(Q(due_at__gt=after[0]) | Q(due_at=after[0], pk__gt=after[1]))
            rows = list(
                due.order_by("due_at", "pk").values_list("due_at", "pk", "user_id", "source")[
                    :BATCH
                ]
            )
            if not rows:
                return
            after = rows[-1][:2]
            came: dict[int, set[str]] = {}
            for _, _, user_id, source in rows:
                came.setdefault(user_id, set()).add(source)
            # A user tried again after an error is worked out whole; the others, only what came.
            again = {user_id for user_id, sources in came.items() if "retry" in sources}
            if again:
                _handle(current, again)
            if came.keys() - again:
                _handle(current, came.keys() - again, {u: came[u] for u in came.keys() - again})
