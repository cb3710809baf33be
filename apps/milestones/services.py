from django.db import transaction
from django.utils import timezone

from apps.accounts.audit import Actor, record_deleted
from apps.core.ordering import lock_list, move_in_order, next_position

from .models import CLOSED_STATUSES, Milestone, MilestoneStatus, Step


def _apply_status(milestone: Milestone, status: str) -> None:
    """Keeps the closing date and progress consistent with the status."""
    milestone.status = status
    if status in CLOSED_STATUSES:
        milestone.closed_on = milestone.closed_on or timezone.localdate()
    else:
        milestone.closed_on = None
    has_steps = milestone.pk is not None and milestone.steps.exists()
    if status == MilestoneStatus.DONE and not has_steps:
        milestone.progress = 100


def _sync_progress(milestone: Milestone) -> None:
    """With steps, progress is the share of steps ticked."""
    steps = list(milestone.steps.values_list("done", flat=True))
    if steps:
        milestone.progress = round(100 * sum(steps) / len(steps))


def _save(milestone: Milestone) -> Milestone:
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_create(*, owner, status: str = MilestoneStatus.PLANNED, **fields) -> Milestone:
    milestone = Milestone(owner=owner, **fields)
    _apply_status(milestone, status)
    return _save(milestone)


@transaction.atomic
def milestone_update(*, milestone: Milestone, status: str, **fields) -> Milestone:
    stored = Milestone.objects.filter(pk=milestone.pk).values_list("target_date", flat=True)
    if "target_date" in fields and fields["target_date"] != stored.first():
        milestone.rescheduled_at = timezone.now()  # a ModelForm may have set the date already
    for name, value in fields.items():
        setattr(milestone, name, value)
    _apply_status(milestone, status)
    _sync_progress(milestone)
    return _save(milestone)


def milestone_reflect(*, milestone: Milestone, lessons: str, impact: str) -> Milestone:
    """What a closed milestone taught and how it moved the owner toward the vision."""
    milestone.lessons, milestone.impact = lessons, impact
    return _save(milestone)


@transaction.atomic
def milestone_set_status(*, milestone: Milestone, status: str) -> Milestone:
    _apply_status(milestone, status)
    return _save(milestone)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: Actor) -> None:
    milestone.delete()
    record_deleted(actor=actor, what="milestone", name=milestone.title)


@transaction.atomic
def step_create(*, milestone: Milestone, title: str, due_on=None) -> Step:
    lock_list(milestone)
    step = Step(
        milestone=milestone,
        title=title,
        due_on=due_on,
        position=next_position(milestone.steps.all()),
    )
    step.full_clean()
    step.save()
    _sync_progress(milestone)
    _save(milestone)
    return step


@transaction.atomic
def step_set_done(*, step: Step, done: bool) -> Step:
    lock_list(step.milestone)
    if done != step.done:  # ticking again keeps the first moment
        step.done_at = timezone.now() if done else None
    step.done = done
    step.save(update_fields=["done", "done_at"])
    _sync_progress(step.milestone)
    _save(step.milestone)
    return step


def step_update(*, step: Step, title: str, due_on=None) -> Step:
    step.title, step.due_on = title, due_on
    step.full_clean()
    step.save(update_fields=["title", "due_on"])
    return step


@transaction.atomic
def step_delete(*, step: Step, actor: Actor) -> None:
    milestone = step.milestone
    lock_list(milestone)
    step.delete()
    record_deleted(actor=actor, what="step", name=step.title)
    _sync_progress(milestone)
    _save(milestone)


def step_move(*, step: Step, direction: str) -> None:
    move_in_order(
        item=step, siblings=step.milestone.steps.all(), parent=step.milestone, direction=direction
    )
