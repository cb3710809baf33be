"""What opportunities ask for today: next actions due (done in one tap), and opportunities
with no move for longer than their owner chose (opened, to move them on or close them)."""

import datetime

from django.db.models import Min
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.core.today import TodayItem, TodaySource, register

from . import selectors, services
from .models import OPEN_STAGES, Opportunity

LIMIT = 20


def _when(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return gettext("due today")
    return gettext("due since %(date)s") % {"date": local_date(day, "j M")}


def action_items(*, owner, today, now) -> list[TodayItem]:
    return [
        TodayItem(
            key=f"opportunity:{row.pk}",
            label=_("Next action"),
            title=f"{row.next_action or row.get_stage_display()}: {row}",
            url=row.get_absolute_url(),
            due_on=row.next_action_on,
            detail=_when(row.next_action_on, today),
            done_label=_("Done"),
        )
        for row in selectors.next_actions_due(owner=owner, today=today)[:LIMIT]
    ]


def action_done(*, owner, reference, data, today, now) -> str:
    opportunity = selectors.next_actions_due(owner=owner, today=today).get(pk=reference)
    services.opportunity_action_done(opportunity=opportunity, today=today)
    return gettext("Done: the next action on “%(title)s” is due in a week.") % {
        "title": opportunity.title
    }


def action_next_on(*, owner, today, now) -> datetime.date | None:
    return Opportunity.objects.filter(
        owner=owner, stage__in=OPEN_STAGES, next_action_on__gt=today
    ).aggregate(next=Min("next_action_on"))["next"]


def stalled_items(*, owner, today, now) -> list[TodayItem]:
    return [
        TodayItem(
            key=f"stalled:{row.pk}",
            label=_("No move lately"),
            title=str(row),
            url=row.get_absolute_url(),
            due_on=row.stalled_on,
            detail=gettext("%(stage)s since %(date)s")
            % {"stage": row.get_stage_display(), "date": local_date(row.moved_on, "j M")},
        )
        for row in selectors.stalled(owner=owner, today=today)[:LIMIT]
    ]


def stalled_next_on(*, owner, today, now) -> datetime.date | None:
    days = [
        row.stalled_on
        for row in Opportunity.objects.filter(owner=owner, stage__in=OPEN_STAGES)
        if row.stalled_on and row.stalled_on > today
    ]
    return min(days, default=None)


ACTIONS = register(
    TodaySource(
        key="opportunity", order=55, items=action_items, done=action_done, next_on=action_next_on
    )
)
STALLED = register(
    TodaySource(key="stalled", order=56, items=stalled_items, next_on=stalled_next_on)
)
