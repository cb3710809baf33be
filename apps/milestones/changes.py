import datetime

from django.utils import timezone

from apps.core.changes import Change, provides

from .models import Milestone, MilestoneStatus, Step


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


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
                f"Done: {milestone.title}",
                milestone.get_absolute_url(),
            )
        )
    for milestone in Milestone.objects.filter(owner_id=owner_id, rescheduled_at__gt=since):
        when = f"{milestone.target_date:%d %b %Y}" if milestone.target_date else "no date"
        changes.append(
            Change(
                "milestones",
                milestone.rescheduled_at,
                f"Moved to {when}: {milestone.title}",
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
                f"Ticked: {step.title} ({step.milestone.title})",
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
            f"Added: {milestone.title}",
            milestone.get_absolute_url(),
        )
        for milestone in Milestone.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
