import datetime

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from apps.core.changes import Change, provides
from apps.core.i18n import local_date
from apps.vision.changes import said

from .models import Milestone, MilestoneStatus, Step


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _moved(title: str, day: datetime.date | None) -> str:
    """ "Moved to 01 Mar 2027: …", worded in the language active when it is read."""
    when = local_date(day, "d M Y") if day else gettext("no date")
    return gettext("Moved to %(when)s: %(title)s") % {"when": when, "title": title}


moved = lazy(_moved, str)


@provides("milestones")
def milestones_done_or_moved(*, owner_id, since) -> list[Change]:
    changes = []
    done = Milestone.objects.filter(
        owner_id=owner_id, status=MilestoneStatus.DONE, closed_on__gte=since.date()
    )
    for milestone in done:
        changes.append(
            Change(
                "milestones",
                _moment(milestone.closed_on),
                said(gettext_noop("Done: %(title)s"), {"title": milestone.title}),
                milestone.get_absolute_url(),
            )
        )
    for milestone in Milestone.objects.filter(owner_id=owner_id, rescheduled_at__gt=since):
        changes.append(
            Change(
                "milestones",
                milestone.rescheduled_at,
                moved(milestone.title, milestone.target_date),
                milestone.get_absolute_url(),
            )
        )
    for step in Step.objects.filter(milestone__owner_id=owner_id, done_at__gt=since).select_related(
        "milestone"
    ):
        changes.append(
            Change(
                "milestones",
                step.done_at,
                said(
                    gettext_noop("Ticked: %(step)s (%(milestone)s)"),
                    {"step": step.title, "milestone": step.milestone.title},
                ),
                step.milestone.get_absolute_url(),
            )
        )
    return changes


@provides("milestones")
def milestones_added(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "milestones",
            milestone.created_at,
            said(gettext_noop("Added: %(title)s"), {"title": milestone.title}),
            milestone.get_absolute_url(),
        )
        for milestone in Milestone.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
