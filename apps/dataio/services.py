from .models import CalendarFeed, new_feed_key


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address (the first one, or one replacing the old, which stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.key = new_feed_key()
        feed.save(update_fields=["key", "created_at"])
    return feed
