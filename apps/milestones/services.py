from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from apps.accounts.audit import Actor, record_deleted
from apps.core.ordering import lock_list, move_in_order, next_position

from .models import CLOSED_STATUSES, Milestone, MilestoneStatus, OpenSteps, Step


def open_steps_question(milestone: Milestone, count: int) -> ValidationError:
    return ValidationError(
        {
            "open_steps": ngettext(
                "%(count)d step of “%(title)s” is still open: tick it or drop it.",
                "%(count)d steps of “%(title)s” are still open: tick them or drop them.",
                count,
            )
            % {"count": count, "title": milestone.title}
        },
        code="open_steps",
    )


def _apply_status(milestone: Milestone, status: str, open_steps: str | None = None) -> None:
    """Keeps the closing date, the steps and progress consistent with the status: a done
    milestone is 100% and has no open step (marking it done says what becomes of them)."""
    if status == MilestoneStatus.DONE and milestone.pk is not None:
        still_open = milestone.steps.filter(done=False)
        if count := still_open.count():
            if open_steps == OpenSteps.TICK:
                still_open.update(done=True, done_at=timezone.now())
            elif open_steps == OpenSteps.DROP:
                still_open.delete()
            else:
                raise open_steps_question(milestone, count)
    milestone.status = status
    if status in CLOSED_STATUSES:
        milestone.closed_on = milestone.closed_on or timezone.localdate()
    else:
        milestone.closed_on = None
    if status == MilestoneStatus.DONE:
        milestone.progress = 100


def _sync_progress(milestone: Milestone) -> None:
    """With steps, progress is the share of steps ticked (done is 100%, whatever they say)."""
    steps = list(milestone.steps.values_list("done", flat=True))
    if steps and milestone.status != MilestoneStatus.DONE:
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
def milestone_update(
    *, milestone: Milestone, status: str, open_steps: str | None = None, **fields
) -> Milestone:
    stored = Milestone.objects.filter(pk=milestone.pk).values_list("target_date", flat=True)
    if "target_date" in fields and fields["target_date"] != stored.first():
        milestone.rescheduled_at = timezone.now()  # a ModelForm may have set the date already
    for name, value in fields.items():
        setattr(milestone, name, value)
    _apply_status(milestone, status, open_steps)
    _sync_progress(milestone)
    return _save(milestone)


def milestone_reflect(*, milestone: Milestone, lessons: str, impact: str) -> Milestone:
    """What a closed milestone taught and how it moved the owner toward the vision."""
    milestone.lessons, milestone.impact = lessons, impact
    return _save(milestone)


@transaction.atomic
def milestone_set_status(
    *, milestone: Milestone, status: str, open_steps: str | None = None
) -> Milestone:
    _apply_status(milestone, status, open_steps)
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
    _reopen_if_done(milestone)
    _sync_progress(milestone)
    _save(milestone)
    return step


def _reopen_if_done(milestone: Milestone) -> None:
    """A step opened on a done milestone (added, or unticked) makes it in progress again."""
    if milestone.status == MilestoneStatus.DONE:
        _apply_status(milestone, MilestoneStatus.IN_PROGRESS)


@transaction.atomic
def step_set_done(*, step: Step, done: bool) -> Step:
    lock_list(step.milestone)
    if done != step.done:  # ticking again keeps the first moment
        step.done_at = timezone.now() if done else None
    step.done = done
    step.save(update_fields=["done", "done_at"])
    if not done:
        _reopen_if_done(step.milestone)
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
