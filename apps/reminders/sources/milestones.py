"""Milestones: due soon (from the days before its date the user chose), then overdue (the day
after its date), each once per due date."""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.milestones.models import OPEN_STATUSES, Milestone

from ..kinds import Due, Kind, Source, Watch, register
from ..moments import Next, Person, url_for

MILESTONE_DUE = "milestone_due"
MILESTONE_OVERDUE = "milestone_overdue"


class MilestoneRow(NamedTuple):
    pk: int
    owner_id: int
    title: str
    target_date: datetime.date


def load(found: dict[int, Person], now, chosen) -> None:
    """Each user's open milestones with a date."""
    rows = Milestone.objects.filter(
        owner_id__in=list(found), status__in=OPEN_STATUSES, target_date__isnull=False
    )
    if chosen is not None:
        rows = rows.filter(pk__in=chosen)
    for row in rows.values_list(*MilestoneRow._fields):
        row = MilestoneRow(*row)
        found[row.owner_id].objects.setdefault(SOURCE.key, []).append(row)


def next_of(person: Person, milestone: MilestoneRow, now, last: str) -> Next | None:
    period = f"milestone:{milestone.pk}:{milestone.target_date}"
    target, url = milestone.target_date, url_for("milestones:detail", milestone.pk)
    if last == f"{MILESTONE_OVERDUE}|{period}":
        return None
    if (
        last != f"{MILESTONE_DUE}|{period}"
        and person.wants(MILESTONE_DUE)
        and person.today(now) <= target
    ):
        opens = target - datetime.timedelta(days=person.preference.milestone_days_before)
        due_at = person.at(opens)
        if due_at <= now or person.today(due_at) <= target:
            subject = gettext("Due on %(date)s: %(title)s") % {
                "date": local_date(target, "d M"),
                "title": milestone.title,
            }
            return Next(due_at, Due(person.user.pk, MILESTONE_DUE, period, subject, url))
    if person.wants(MILESTONE_OVERDUE):
        subject = gettext("Overdue since %(date)s: %(title)s") % {
            "date": local_date(target, "d M"),
            "title": milestone.title,
        }
        return Next(
            person.at(target + datetime.timedelta(days=1)),
            Due(person.user.pk, MILESTONE_OVERDUE, period, subject, url),
        )
    return None


SOURCE = register(
    Source(
        key="milestone",
        order=20,
        per_row=True,
        kinds=(
            Kind(
                key=MILESTONE_DUE,
                label=_("Milestones due soon"),
                rule=_(
                    "Once per due date, from the day an open milestone comes within the days "
                    "you chose."
                ),
                setting="milestone_due",
                off=False,
                button=_("Open the milestone"),
                importance=30,
                form_fields=("milestone_due", "milestone_days_before"),
            ),
            Kind(
                key=MILESTONE_OVERDUE,
                label=_("Overdue milestones"),
                rule=_("Once per due date, the day after an open milestone's date has passed."),
                setting="milestone_overdue",
                off=False,
                button=_("Open the overdue milestone"),
                importance=10,
                form_fields=("milestone_overdue",),
            ),
        ),
        load=load,
        next_of=next_of,
        watches=(Watch("milestones_milestone", "owner_id", ("target_date", "status", "owner_id")),),
    )
)
