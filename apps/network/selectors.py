import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from .models import Contact, Event, InboxEntry, Interaction

LOSING_TOUCH_DAYS = 180


def contacts_for(*, owner) -> QuerySet:
    return Contact.objects.filter(owner=owner).prefetch_related("tags")


def contacts_with_address(*, owner, address) -> QuerySet:
    """The owner's contacts reachable at `address`, oldest first: the one place a person is
    matched by email (logging by email, the Inbox, the imports). Case never matters, as mail
    servers fold it; a contact's only address is `email`, and one without any matches nothing."""
    return (
        Contact.objects.filter(owner=owner, email__iexact=address).exclude(email="").order_by("pk")
    )


def contact_with_address(*, owner, address: str) -> Contact | None:
    return contacts_with_address(owner=owner, address=address).first()


def inbox_for(*, owner) -> QuerySet:
    """The owner's Inbox, each entry with the contact its address belongs to now, if any
    (`known_contact_id`, `known_contact_name`), in one query: someone who became a contact
    while waiting is shown as one."""
    known = contacts_with_address(owner=OuterRef("owner"), address=OuterRef("email"))
    return InboxEntry.objects.filter(owner=owner).annotate(
        known_contact_id=Subquery(known.values("pk")[:1]),
        known_contact_name=Subquery(known.values("name")[:1]),
    )


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
