from django.db import transaction

from apps.accounts.audit import Actor, record_deleted
from apps.milestones.models import MilestoneKind
from apps.milestones.services import milestone_create

from .models import CheckIn
from .selectors import last_commitment


def checkin_create(*, owner, **fields) -> CheckIn:
    """A new check-in; it answers the step the one before committed to, whatever road it came by."""
    fields["previous_step"] = last_commitment(owner=owner)
    if not fields["previous_step"]:
        fields["previous_step_outcome"] = ""
    checkin = CheckIn(owner=owner, **fields)
    checkin.full_clean()
    checkin.save()
    return checkin


def checkin_update(*, checkin: CheckIn, **fields) -> CheckIn:
    for name, value in fields.items():
        setattr(checkin, name, value)
    checkin.full_clean()
    checkin.save()
    return checkin


@transaction.atomic
def checkin_delete(*, checkin: CheckIn, actor: Actor) -> None:
    checkin.delete()
    record_deleted(actor=actor, what="check-in", name=str(checkin))


@transaction.atomic
def checkin_next_step_to_milestone(*, checkin: CheckIn):
    """Turns the committed next step into a 1-year goal, once."""
    if checkin.next_step_milestone_id or not checkin.next_step.strip():
        return checkin.next_step_milestone
    milestone = milestone_create(
        owner=checkin.owner,
        horizon=1,
        kind=MilestoneKind.GOAL,
        title=checkin.next_step.strip(),
        description=f"My next step from the check-in of {checkin.created_at:%d %B %Y}.",
    )
    checkin.next_step_milestone = milestone
    checkin.save(update_fields=["next_step_milestone"])
    return milestone
