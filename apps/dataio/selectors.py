from .models import CalendarFeed


def calendar_feed_of(*, user) -> CalendarFeed | None:
    """The user's calendar feed, if they asked for one."""
    return CalendarFeed.objects.filter(user=user).first()
