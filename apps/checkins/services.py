import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.audit import Actor, record_deleted
from apps.core.i18n import local_date
from apps.milestones.models import Milestone, MilestoneKind
from apps.milestones.services import milestone_create, step_create

from .models import CheckIn
from .selectors import STREAK_PERIOD_DAYS, last_commitment, rhythm_for
from .signals import checkin_created


def checkin_create(*, owner, **fields) -> CheckIn:
    """A new check-in; it answers the step the one before committed to, whatever road it came by."""
    fields["previous_step"] = last_commitment(owner=owner)
    if not fields["previous_step"]:
        fields["previous_step_outcome"] = ""
    checkin = CheckIn(owner=owner, **fields)
    _clean(checkin)
    checkin.save()
    checkin_created.send(sender=CheckIn, checkin=checkin)
    return checkin


def checkin_notes_added(*, notes: str, added: str) -> str:
    """`notes` with the lines of `added` that they do not hold yet (a reply sent twice adds
    nothing), cut to what the field takes."""
    have = {line.strip() for line in notes.splitlines() if line.strip()}
    new = "\n".join(line for line in added.splitlines() if line.strip() not in have).strip()
    if not new:
        return notes
    validators = CheckIn._meta.get_field("notes").validators
    limit = next(v.limit_value for v in validators if hasattr(v, "limit_value"))
    return (f"{notes}\n\n{new}" if notes else new)[:limit]


def _clean(checkin: CheckIn) -> None:
    """Every field checked in Python (the scores' validators say what the constraints say); the
    check constraints themselves are left to PostgreSQL, which enforces them on every write,
    instead of costing a query each here."""
    checkin.full_clean(validate_constraints=False)


def checkin_update(*, checkin: CheckIn, **fields) -> CheckIn:
    for name, value in fields.items():
        setattr(checkin, name, value)
    _clean(checkin)
    checkin.save()
    return checkin


@transaction.atomic
def checkin_delete(*, checkin: CheckIn, actor: Actor) -> None:
    checkin.delete()
    record_deleted(actor=actor, what="check-in", name=str(checkin))


@transaction.atomic
def checkin_next_step_to_milestone(*, checkin: CheckIn, milestone: Milestone | None = None):
    """Puts the committed next step on the plan, once: as a step of `milestone` due by the next
    check-in, or as a new 1-year goal due then (a step for this week, not an undated goal)."""
    if checkin.next_step_milestone_id or not checkin.next_step.strip():
        return checkin.next_step_milestone
    title = checkin.next_step.strip()
    cadence = rhythm_for(user=checkin.owner).checkin_cadence
    due = timezone.localdate() + datetime.timedelta(days=STREAK_PERIOD_DAYS.get(cadence, 7))
    if milestone is None:
        milestone = milestone_create(
            owner=checkin.owner,
            horizon=1,
            kind=MilestoneKind.GOAL,
            title=title,
            target_date=due,
            description=gettext("My next step from the check-in of %(date)s.")
            % {"date": local_date(checkin.created_at, "d F Y")},
        )
    else:  # a step due by the next check-in
        step_create(milestone=milestone, title=title, due_on=due)
    checkin.next_step_milestone = milestone
    checkin.save(update_fields=["next_step_milestone"])
    return milestone


def checkin_next_step_done(*, checkin: CheckIn, on: datetime.date) -> CheckIn:
    """The step committed to in `checkin` is done (from the Today list): the next check-in's
    "did it happen?" opens on "Done"."""
    checkin.next_step_done_on = on
    checkin.save(update_fields=["next_step_done_on"])
    return checkin
