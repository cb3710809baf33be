import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from .models import EXPIRY_WARNING_DAYS, LearningItem, LearningKind, LearningStatus, Skill


def skills_for(*, owner) -> QuerySet:
    return Skill.objects.filter(owner=owner).select_related("milestone")


def learning_items_with_links() -> QuerySet:
    """Learning items with their milestone and skills; filter by owner or through access."""
    return LearningItem.objects.select_related("milestone").prefetch_related("skills")


def learning_items_for(*, owner) -> QuerySet:
    return learning_items_with_links().filter(owner=owner)


def skills_to_grow(*, owner) -> QuerySet:
    """The owner's skills furthest from their target, largest gap first."""
    return (
        Skill.objects.filter(owner=owner, target_level__gt=F("current_level"))
        .annotate(gap_size=F("target_level") - F("current_level"))
        .order_by("-gap_size", "name")
    )


def learning_in_progress(*, owner) -> QuerySet:
    return LearningItem.objects.filter(owner=owner, status=LearningStatus.IN_PROGRESS).order_by(
        "-started_on", "title"
    )


def certifications_expiring(*, owner, today: datetime.date, days: int = EXPIRY_WARNING_DAYS):
    """Certifications that expire between today and `days` from now, soonest first."""
    return LearningItem.objects.filter(
        owner=owner,
        kind=LearningKind.CERTIFICATION,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=days),
    ).order_by("expires_on")


@dataclass(frozen=True)
class MonthOfLearning:
    month: datetime.date
    hours: Decimal
    items: int


def learning_log(*, owner, today: datetime.date) -> list[MonthOfLearning]:
    """Hours and items per month over the last twelve months.

    An item counts in the month it was finished or, while unfinished, the month it was started.
    """
    first_month = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    rows = (
        LearningItem.objects.filter(owner=owner)
        .annotate(active_on=Coalesce("finished_on", "started_on"))
        .filter(active_on__gte=first_month, active_on__lte=today)
        .annotate(month=TruncMonth("active_on"))
        .values("month")
        .annotate(hours=Sum("hours_spent"), items=Count("pk"))
    )
    by_month = {row["month"]: row for row in rows}
    months = []
    month = first_month
    for _ in range(12):
        row = by_month.get(month, {})
        months.append(MonthOfLearning(month, row.get("hours") or Decimal(0), row.get("items", 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months
