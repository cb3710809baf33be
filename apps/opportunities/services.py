"""Every change to an opportunity, whichever road it came by (the pages, the API, an import)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.audit import Actor, record_deleted
from apps.core.i18n import local_date
from apps.core.limits import LONG_TEXT_LENGTH, SHORT_NAME_LENGTH
from apps.core.ownership import require_owned
from apps.core.services import model_update
from apps.learning import services as learning_services
from apps.learning.models import LearningKind
from apps.milestones import services as milestone_services
from apps.milestones.models import MilestoneKind
from apps.network import services as network_services
from apps.network.models import Contact, InteractionKind
from apps.vision import services as vision_services
from apps.vision.models import Horizon, Job, Value

from .models import (
    BECOMES_JOB,
    BECOMES_LEARNING,
    DECISIONS,
    FINAL_STAGES,
    NEXT_ACTION_DAYS,
    PAYCHECK_FACTORS,
    REASON_LENGTH,
    HorizonScore,
    Opportunity,
    OpportunityKind,
    Stage,
    StageMove,
    ValueScore,
)
from .selectors import evidence_for


def _locked(opportunity: Opportunity) -> Opportunity:
    """Locks the row until the transaction ends, and brings the caller's object up to date with
    it: a change never saves a stage, a date or a score read before another change."""
    list(Opportunity.objects.select_for_update().filter(pk=opportunity.pk).values_list("pk"))
    opportunity.refresh_from_db()
    return opportunity


def _next_action_default(on: datetime.date) -> datetime.date:
    return on + datetime.timedelta(days=NEXT_ACTION_DAYS)


@transaction.atomic
def opportunity_create(
    *, owner, contacts=(), stage: str = Stage.IDEA, on: datetime.date, **fields
) -> Opportunity:
    """A new opportunity at its first stage (an idea unless said), its next action due a week
    on unless a date is given."""
    require_owned(owner, *contacts)
    if stage in FINAL_STAGES:
        raise ValidationError({"stage": _("A new opportunity starts at an open stage.")})
    if not fields.get("next_action_on"):
        fields["next_action_on"] = _next_action_default(on)
    opportunity = Opportunity(owner=owner, stage=stage, moved_on=on, **fields)
    opportunity.full_clean()
    opportunity.save()
    opportunity.contacts.set(contacts)
    StageMove.objects.create(
        opportunity=opportunity, stage=stage, label=opportunity.stage_label, moved_on=on
    )
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, contacts=(), **fields) -> Opportunity:
    require_owned(opportunity.owner, *contacts)
    if opportunity.is_open and not fields.get("next_action_on", opportunity.next_action_on):
        fields["next_action_on"] = _next_action_default(opportunity.moved_on)  # never lost
    model_update(instance=opportunity, data=fields)
    opportunity.contacts.set(contacts)
    return opportunity


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity, actor: Actor) -> None:
    opportunity.delete()
    record_deleted(actor=actor, what="opportunity", name=opportunity.title)


def _check_move(opportunity: Opportunity, stage: str, on: datetime.date, today) -> None:
    if opportunity.stage in FINAL_STAGES:
        raise ValidationError(
            _("This opportunity ended: %(stage)s on %(date)s. A final stage is not moved on.")
            % {
                "stage": opportunity.get_stage_display().lower(),
                "date": local_date(opportunity.moved_on, "j F Y"),
            }
        )
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if on < opportunity.moved_on:
        raise ValidationError(
            {
                "on": _("A move cannot come before the last one, on %(date)s.")
                % {"date": local_date(opportunity.moved_on, "j F Y")}
            }
        )
    if on > today:
        raise ValidationError({"on": _("A move cannot be dated in the future.")})


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    stage: str,
    on: datetime.date,
    today: datetime.date,
    label: str = "",
    note: str = "",
    next_action: str | None = None,
    next_action_on: datetime.date | None = None,
) -> StageMove:
    """Moves it to `stage` on `on`; accepting and declining go through opportunity_decide, which
    records why. An open stage's next action falls due a week on unless a date is given."""
    _locked(opportunity)
    if stage in DECISIONS:
        raise ValidationError({"stage": _("Accepting or declining records why: use Decide.")})
    _check_move(opportunity, stage, on, today)
    return _record_move(
        opportunity,
        stage=stage,
        on=on,
        label=label,
        note=note,
        next_action=next_action,
        next_action_on=next_action_on,
    )


def _record_move(
    opportunity, *, stage, on, label="", note="", next_action=None, next_action_on=None, **fields
) -> StageMove:
    move = StageMove(opportunity=opportunity, stage=stage, label=label, moved_on=on, note=note)
    move.full_clean()
    move.save()
    final = stage in FINAL_STAGES
    changes = {
        "stage": stage,
        "stage_label": label,
        "moved_on": on,
        "next_action_on": None if final else (next_action_on or _next_action_default(on)),
        **fields,
    }
    if next_action is not None:
        changes["next_action"] = next_action
    if final:
        changes["next_action"] = ""
    model_update(instance=opportunity, data=changes)
    return move


def _best_horizon(opportunity: Opportunity) -> int:
    """The horizon the opportunity serves most (its highest score), else the 1-year one."""
    best = opportunity.horizon_scores.select_related("horizon").order_by("-score", "horizon__years")
    return best[0].horizon.years if best else 1


def _job_from(opportunity: Opportunity, *, starts_on: datetime.date, reason: str) -> Job:
    """The role becomes the current job: the current ones end on its start date, and its first
    ledger entry holds the scores it was chosen with."""
    owner = opportunity.owner
    for current in Job.objects.filter(owner=owner, end_date__isnull=True):
        if current.start_date > starts_on:
            raise ValidationError(
                {
                    "starts_on": _("Your current job “%(job)s” started after that date.")
                    % {"job": current}
                }
            )
        vision_services.job_update(job=current, end_date=starts_on)
    job = vision_services.job_create(
        owner=owner,
        title=opportunity.title[:SHORT_NAME_LENGTH],  # a job's title is shorter than a title
        organisation=(opportunity.organisation or opportunity.title)[:SHORT_NAME_LENGTH],
        start_date=starts_on,
    )
    scores = {  # a ledger scores only the horizons written (a score may outlive its statement)
        f"score_{row.horizon.years}": row.score
        for row in opportunity.horizon_scores.select_related("horizon").exclude(
            horizon__statement=""
        )
    }
    vision_services.ledger_entry_create(
        job=job,
        recorded_on=starts_on,
        still_want=_("Why I said yes: %(reason)s") % {"reason": reason},
        **scores,
    )
    return job


@transaction.atomic
def opportunity_decide(
    *,
    opportunity: Opportunity,
    decision: str,
    reason: str,
    on: datetime.date,
    today: datetime.date,
    starts_on: datetime.date | None = None,
) -> Opportunity:
    """Accepts or declines it, saying why. Accepting a role makes it the current job (with its
    first ledger entry from the scores); a programme becomes a learning item; anything else a
    milestone. Declining keeps it, with the reason: the history of choices."""
    _locked(opportunity)
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Accept or decline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: it is what you will look back on.")})
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Say why in %(count)d characters or fewer.") % {"count": REASON_LENGTH}}
        )
    _check_move(opportunity, decision, on, today)
    fields = {"decided_on": on, "decision_reason": reason}
    if decision == Stage.ACCEPTED:
        starts_on = starts_on or on
        fields["starts_on"] = starts_on
        if opportunity.kind in BECOMES_JOB:
            fields["job"] = _job_from(opportunity, starts_on=starts_on, reason=reason)
        elif opportunity.kind in BECOMES_LEARNING:
            fields["learning_item"] = learning_services.learning_item_create(
                owner=opportunity.owner,
                kind=LearningKind.COURSE,
                title=opportunity.title,
                provider=opportunity.organisation,
                link=opportunity.link,
                started_on=starts_on,
            )
        else:
            fields["milestone"] = milestone_services.milestone_create(
                owner=opportunity.owner,
                horizon=_best_horizon(opportunity),
                kind=MILESTONE_KINDS.get(opportunity.kind, MilestoneKind.GOAL),
                title=opportunity.title[:200],
                description=_("Accepted on %(date)s. Why: %(reason)s")
                % {"date": local_date(on, "j F Y"), "reason": reason},
                target_date=starts_on,
            )
    _record_move(opportunity, stage=decision, on=on, note=reason, **fields)
    return opportunity


MILESTONE_KINDS = {
    OpportunityKind.TALK: MilestoneKind.CHALLENGE,
    OpportunityKind.STRETCH: MilestoneKind.CHALLENGE,
    OpportunityKind.PROJECT: MilestoneKind.OWNERSHIP,
    OpportunityKind.VOLUNTEER: MilestoneKind.NETWORKING,
}


@transaction.atomic
def opportunity_score(
    *,
    opportunity: Opportunity,
    horizons: dict[Horizon, int | None],
    values: dict[Value, int | None],
    **paycheck,
) -> Opportunity:
    """Scores it against each horizon and value given (None clears one) and the paycheck
    factors; every score is 1 to 5, every horizon and value the owner's own."""
    _locked(opportunity)
    owner = opportunity.owner
    require_owned(owner, *horizons, *values)
    unknown = set(paycheck) - set(PAYCHECK_FACTORS)
    if unknown:
        raise ValidationError(_("Unknown factor: %(names)s.") % {"names": ", ".join(unknown)})
    for model, scores, field in (
        (HorizonScore, horizons, "horizon"),
        (ValueScore, values, "value"),
    ):
        for target, score in scores.items():
            rows = model.objects.filter(opportunity=opportunity, **{field: target})
            if score is None:
                rows.delete()
                continue
            row = rows.first() or model(opportunity=opportunity, **{field: target})
            row.score = score
            row.full_clean()
            row.save()
    model_update(instance=opportunity, data=paycheck)
    return opportunity


@transaction.atomic
def opportunity_snooze(
    *, opportunity: Opportunity, until: datetime.date, today: datetime.date
) -> Opportunity:
    _locked(opportunity)
    if not opportunity.is_open:
        raise ValidationError(_("This opportunity has ended: it has no next action."))
    if until <= today:
        raise ValidationError({"until": _("Choose a day after today.")})
    return model_update(instance=opportunity, data={"next_action_on": until})


@transaction.atomic
def opportunity_action_done(*, opportunity: Opportunity, today: datetime.date) -> Opportunity:
    """The next action is done: the next one falls due a week on, until a move says otherwise."""
    _locked(opportunity)
    if not opportunity.is_open:
        raise ValidationError(_("This opportunity has ended: it has no next action."))
    return model_update(
        instance=opportunity,
        data={"next_action": "", "next_action_on": _next_action_default(today)},
    )


def introduction_ask(
    *, opportunity: Opportunity, contact: Contact, on: datetime.date, note: str = ""
):
    """Asking someone for an introduction is a conversation with them: logged on the contact."""
    require_owned(opportunity.owner, contact)
    text = _("Asked for an introduction: %(opportunity)s") % {"opportunity": opportunity}
    if note.strip():
        text = f"{text}\n\n{note.strip()}"
    interaction = network_services.interaction_log(
        contact=contact, date=on, kind=InteractionKind.MESSAGE, notes=text
    )
    opportunity.contacts.add(contact)
    return interaction


def _evidence_markdown(evidence) -> str:
    lines = []
    for milestone in evidence.milestones:
        lines.append(f"- [{milestone.title}]({milestone.get_absolute_url()}): {milestone.impact}")
    for entry in evidence.ledger:
        gains = "; ".join(
            text for text in (entry.skills, entry.connections, entry.knowledge) if text.strip()
        )
        lines.append(f"- {entry.job}: {gains}")
    for item in evidence.learning:
        lines.append(f"- [{item.title}]({item.get_absolute_url()})")
    if not lines:
        return ""
    text = "\n\n" + _("**The evidence:**") + "\n\n" + "\n".join(lines)
    return text[: LONG_TEXT_LENGTH // 2]  # the description's limit, with room for its own text


@transaction.atomic
def ownership_milestone_create(*, owner, template, horizon: int, target_date=None):
    """An ownership milestone from a template, its checklist as steps, its description the
    evidence the plan already holds (see selectors.evidence_for)."""
    milestone = milestone_services.milestone_create(
        owner=owner,
        horizon=horizon,
        kind=MilestoneKind.OWNERSHIP,
        title=str(template.title),
        description=str(template.why) + _evidence_markdown(evidence_for(owner=owner)),
        target_date=target_date,
    )
    for step in template.steps:
        milestone_services.step_create(milestone=milestone, title=str(step))
    return milestone
