"""Opportunities in the reminder email (apps/reminders/kinds.py finds this module): a next
action on the day it falls due, and an opportunity with no move for the days its owner chose,
each once: per next-action date, and per move."""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.reminders.kinds import Due, Kind, Source, Watch, register
from apps.reminders.moments import Next, Person, url_for

from .models import OPEN_STAGES, Opportunity

ACTION = "opportunity_action"
STALLED = "opportunity_stalled"
WATCH = Watch(
    "opportunities_opportunity",
    "owner_id",
    ("next_action_on", "moved_on", "stage", "stall_after_days", "owner_id"),
)


class OpportunityRow(NamedTuple):
    pk: int
    owner_id: int
    title: str
    next_action_on: datetime.date | None
    moved_on: datetime.date
    stall_after_days: int


def _loader(source_key: str):
    def load(found: dict[int, Person], now, chosen) -> None:
        """Each user's open opportunities."""
        rows = Opportunity.objects.filter(owner_id__in=list(found), stage__in=OPEN_STAGES)
        if chosen is not None:
            rows = rows.filter(pk__in=chosen)
        for row in rows.values_list(*OpportunityRow._fields):
            row = OpportunityRow(*row)
            found[row.owner_id].objects.setdefault(source_key, []).append(row)

    return load


def _next(person: Person, kind: str, period: str, day, subject: str, pk: int, last: str):
    if day is None or not person.wants(kind) or last == f"{kind}|{period}":
        return None
    due = Due(person.user.pk, kind, period, subject, url_for("opportunities:detail", pk))
    return Next(person.at(day), due)


def action_next_of(person: Person, row: OpportunityRow, now, last: str) -> Next | None:
    period = f"opportunity:{row.pk}:{row.next_action_on}"
    subject = gettext("Next action due: %(title)s") % {"title": row.title}
    return _next(person, ACTION, period, row.next_action_on, subject, row.pk, last)


def stalled_next_of(person: Person, row: OpportunityRow, now, last: str) -> Next | None:
    period = f"stalled:{row.pk}:{row.moved_on}"
    day = row.moved_on + datetime.timedelta(days=row.stall_after_days)
    subject = gettext("No move since %(date)s: %(title)s") % {
        "date": local_date(row.moved_on, "d M"),
        "title": row.title,
    }
    return _next(person, STALLED, period, day, subject, row.pk, last)


ACTIONS = register(
    Source(
        key="opportunity",
        order=35,
        per_row=True,
        kinds=(
            Kind(
                key=ACTION,
                label=_("Opportunities: next actions"),
                rule=_("Once per date, on the day an open opportunity's next action falls due."),
                setting="opportunities",
                off=False,
                button=_("Open the opportunity"),
                importance=35,
                form_fields=("opportunities",),
            ),
        ),
        load=_loader("opportunity"),
        next_of=action_next_of,
        watches=(WATCH,),
    )
)
STALLED_SOURCE = register(
    Source(
        key="opportunity_stalled",
        order=36,
        per_row=True,
        kinds=(
            Kind(
                key=STALLED,
                label=_("Opportunities with no move"),
                rule=_(
                    "Once per move, when an open opportunity has not moved for the days you "
                    "chose on it (14 unless you say)."
                ),
                setting="opportunities",
                off=False,
                button=_("Move it on or close it"),
                importance=36,
            ),
        ),
        load=_loader("opportunity_stalled"),
        next_of=stalled_next_of,
        watches=(WATCH,),
    )
)
