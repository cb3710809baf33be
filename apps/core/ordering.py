"""Moving an item up or down an ordered list (values, steps): one way for every list."""

from django.db import transaction


@transaction.atomic
def move_in_order(*, item, siblings, direction: str, field: str = "position") -> None:
    """Swaps `item` with its neighbour in `siblings` and renumbers the list 1..n."""
    ordered = list(siblings.select_for_update().order_by(field, "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if getattr(sibling, field) != position:
            setattr(sibling, field, position)
            sibling.save(update_fields=[field])
