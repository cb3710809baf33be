from .models import CalendarFeed, new_feed_key


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.key = new_feed_key()
    feed.save(update_fields=["key", "created_at"])
    return feed
