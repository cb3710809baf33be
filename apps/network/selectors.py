import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Contact, Event, Interaction

LOSING_TOUCH_DAYS = 180


def contacts_for(*, owner) -> QuerySet:
    return Contact.objects.filter(owner=owner).prefetch_related("tags")


def contacts_with_history() -> QuerySet:
    """Contacts with everything their page shows, in a fixed number of queries."""
    return Contact.objects.prefetch_related(
        "tags",
        Prefetch("interactions", queryset=Interaction.objects.order_by("-date", "-pk")),
        "horizons",
        "milestones",
        "events",
    )


def reach_out_this_week(*, owner, today: datetime.date) -> QuerySet:
    """Contacts due within the next seven days, or overdue, most overdue first."""
    return (
        Contact.objects.filter(owner=owner)
        .filter(next_due_on__lte=today + datetime.timedelta(days=7))
        .order_by("next_due_on", "pk")
    )


def losing_touch(*, owner, today: datetime.date, days: int = LOSING_TOUCH_DAYS) -> QuerySet:
    """People who matter for a horizon or milestone but have not been contacted for `days`."""
    linked = contacts_for(owner=owner).annotate(
        links=Count("horizons", distinct=True) + Count("milestones", distinct=True)
    )
    return (
        linked.filter(links__gt=0)
        .filter(
            Q(last_contacted_on__lt=today - datetime.timedelta(days=days))
            | Q(last_contacted_on__isnull=True)
        )
        .order_by("last_contacted_on", "pk")
    )


def events_for(*, owner) -> QuerySet:
    return Event.objects.filter(owner=owner).annotate(people=Count("contacts"))
