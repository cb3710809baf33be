"""What learning asks for today: certifications about to expire (renewed on their own page)."""

import datetime

from django.db.models import Min
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.today import TodayItem, TodaySource, register

from . import selectors
from .models import LearningItem, LearningKind

SOON_DAYS = 30  # the dashboard's card warns from 60 days; the list asks within 30


def items(*, owner, today, now) -> list[TodayItem]:
    return [
        TodayItem(
            key=f"certification:{item.pk}",
            label=_("Certification expiring"),
            title=item.title,
            url=item.get_absolute_url(),
            due_on=item.expires_on,
            detail=gettext("expires %(date)s")
            % {"date": date_format(item.expires_on, "DATE_FORMAT")},
        )
        for item in selectors.certifications_expiring(owner=owner, today=today, days=SOON_DAYS)
    ]


def next_on(*, owner, today, now) -> datetime.date | None:
    expires = LearningItem.objects.filter(
        owner=owner,
        kind=LearningKind.CERTIFICATION,
        expires_on__gt=today + datetime.timedelta(days=SOON_DAYS),
    ).aggregate(next=Min("expires_on"))["next"]
    return expires - datetime.timedelta(days=SOON_DAYS) if expires else None


SOURCE = register(TodaySource(key="certification", order=60, items=items, next_on=next_on))
