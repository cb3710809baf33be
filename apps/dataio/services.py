from django.db import transaction

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind

from . import portability
from .models import CalendarFeed, new_feed_key


@transaction.atomic
def calendar_feed_regenerate(*, user, actor: Actor) -> CalendarFeed:
    """A new secret address (the first one, or one replacing the old, which stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.key = new_feed_key()
        feed.save(update_fields=["key", "created_at"])
    audit.record(
        kind=SecurityEventKind.TOKEN_CHANGED, actor=actor, user=user,
        detail="New private calendar address",
    )  # fmt: skip
    return feed


def plan_export(*, user, actor: Actor) -> bytes:
    """The whole plan as a ZIP; exports are in the user's security log."""
    data = portability.export_zip(user)
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user)
    return data
