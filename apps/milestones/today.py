"""What the plan's milestones ask for today: steps due by today, and milestones past their date."""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.today import TodayItem, TodaySource, register

from . import services
from .models import OPEN_STATUSES, Milestone, MilestoneStatus, Step

LIMIT = 20  # of each kind: a list read every morning, not the whole plan


def _due(day: datetime.date) -> str:
    return gettext("due %(date)s") % {"date": date_format(day, "DATE_FORMAT")}


def _steps_due(owner, today):
    return Step.objects.filter(
        milestone__owner=owner,
        milestone__status__in=OPEN_STATUSES,
        done=False,
        due_on__lte=today,
    ).select_related("milestone")


def _overdue(owner, today):
    return Milestone.objects.filter(owner=owner, status__in=OPEN_STATUSES, target_date__lt=today)


def step_items(*, owner, today, now) -> list[TodayItem]:
    return [
        TodayItem(
            key=f"step:{step.pk}",
            label=_("Step due"),
            title=step.title,
            url=reverse("milestones:detail", args=[step.milestone_id]) + "#steps",
            due_on=step.due_on,
            detail=f"{step.milestone.title} · {_due(step.due_on)}",
            done_label=_("Mark done"),
        )
        for step in _steps_due(owner, today).order_by("due_on", "position", "pk")[:LIMIT]
    ]


def step_done(*, owner, reference, data, today, now) -> str:
    step = _steps_due(owner, today).get(pk=reference)
    services.step_set_done(step=step, done=True)
    return gettext("Step done: %(title)s") % {"title": step.title}


def step_next_on(*, owner, today, now) -> datetime.date | None:
    return Step.objects.filter(
        milestone__owner=owner, milestone__status__in=OPEN_STATUSES, done=False, due_on__gt=today
    ).aggregate(next=Min("due_on"))["next"]


def milestone_items(*, owner, today, now) -> list[TodayItem]:
    milestones = (
        _overdue(owner, today)
        .annotate(open_steps=Count("steps", filter=Q(steps__done=False)))
        .order_by("target_date", "pk")[:LIMIT]
    )
    return [
        TodayItem(
            key=f"milestone:{milestone.pk}",
            label=_("Overdue milestone"),
            title=milestone.title,
            url=reverse("milestones:detail", args=[milestone.pk]),
            due_on=milestone.target_date,
            detail=_due(milestone.target_date),
            # with steps still open, marking it done asks what becomes of them: on its page
            done_label="" if milestone.open_steps else _("Mark done"),
        )
        for milestone in milestones
    ]


def milestone_done(*, owner, reference, data, today, now) -> str:
    milestone = _overdue(owner, today).get(pk=reference)
    services.milestone_set_status(milestone=milestone, status=MilestoneStatus.DONE)
    return gettext("Milestone done: %(title)s") % {"title": milestone.title}


def milestone_next_on(*, owner, today, now) -> datetime.date | None:
    nearest = Milestone.objects.filter(
        owner=owner, status__in=OPEN_STATUSES, target_date__gte=today
    ).aggregate(next=Min("target_date"))["next"]
    return nearest + datetime.timedelta(days=1) if nearest else None  # overdue the day after


STEPS = register(
    TodaySource(key="step", order=30, items=step_items, done=step_done, next_on=step_next_on)
)
MILESTONES = register(
    TodaySource(
        key="milestone",
        order=40,
        items=milestone_items,
        done=milestone_done,
        next_on=milestone_next_on,
    )
)
