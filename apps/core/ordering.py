"""Ranked lists (values, steps): one way to add to them and to move an item up or down.

Every change to a list first locks the row the list belongs to (the owner, the milestone), so
concurrent changes to one list queue up in a fixed order instead of deadlocking on each other's
rows, and no two items are ever given the same position (a unique constraint holds each list to
distinct positions).
"""

from django.db import transaction
from django.db.models import Max, Model, QuerySet

from .cache import plan_changed
from .ownership import owner_id_of


def lock_list(parent: Model) -> None:
    """Takes the lock every change to `parent`'s list takes first. FOR NO KEY UPDATE: rows that
    merely point at `parent` (a new revision, a new step) can still be written meanwhile."""
    rows = parent._meta.model.objects.select_for_update(no_key=True).filter(pk=parent.pk)
    list(rows.values_list("pk"))


def next_position(siblings: QuerySet, field: str = "position") -> int:
    """The position after the last one; call it after `lock_list`, inside the transaction."""
    return (siblings.aggregate(last=Max(field))["last"] or 0) + 1


@transaction.atomic
def move_in_order(
    *, item, siblings: QuerySet, parent: Model, direction: str, field: str = "position"
) -> None:
    """Swaps `item` with its neighbour in `siblings` and renumbers the list 1..n."""
    lock_list(parent)
    ordered = list(siblings.order_by(field, "pk"))
    index = next((i for i, sibling in enumerate(ordered) if sibling.pk == item.pk), None)
    if index is None:
        return
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(ordered, field=field)


def renumber(ordered: list, *, field: str = "position") -> None:
    """Gives `ordered` the positions 1..n. The rows that move go through positions above the
    list first, so no statement ever puts two rows at one position."""
    moving = [row for position, row in enumerate(ordered, 1) if getattr(row, field) != position]
    if not moving:
        return
    model = type(moving[0])
    above = max(getattr(row, field) for row in ordered) + 1
    for offset, row in enumerate(moving):
        setattr(row, field, above + offset)
    model.objects.bulk_update(moving, [field])
    for position, row in enumerate(ordered, 1):
        setattr(row, field, position)
    model.objects.bulk_update(moving, [field])
    plan_changed(owner_id=owner_id_of(moving[0]))  # bulk updates send no post_save
