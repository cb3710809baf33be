from django.db import transaction

from apps.accounts.audit import Actor, record_deleted
from apps.core.ordering import lock_list, move_in_order, next_position
from apps.core.services import model_update

from .models import Horizon, Job, LedgerEntry, Value, Vision, VisionRevision
from .selectors import values_for, vision_snapshot


def vision_revision_record(*, owner) -> VisionRevision | None:
    """Keeps a snapshot of the vision when it differs from the latest one kept."""
    snapshot = vision_snapshot(owner=owner)
    latest = VisionRevision.objects.filter(owner=owner).order_by("-created_at", "-pk").first()
    if latest is not None and latest.snapshot == snapshot:
        return None
    if latest is None and _is_empty(snapshot):  # nothing written yet: nothing to keep
        return None
    return VisionRevision.objects.create(owner=owner, snapshot=snapshot)


def _is_empty(snapshot: dict) -> bool:
    return not (
        snapshot["beyond_the_paycheck"]
        or snapshot["north_star"]
        or snapshot["values"]
        or any(any(horizon.values()) for horizon in snapshot["horizons"].values())
    )


@transaction.atomic
def vision_update(
    *, owner, beyond_the_paycheck: str, north_star: int | None, horizons: dict[int, dict]
) -> Vision:
    """Saves the horizons, the North Star and what drives the owner, and keeps a revision.
    A horizon or vision left empty is not stored until something is written in it."""
    vision = Vision.objects.filter(owner=owner).first() or Vision(owner=owner)
    if vision.pk or beyond_the_paycheck:
        model_update(instance=vision, data={"beyond_the_paycheck": beyond_the_paycheck})
    Horizon.objects.filter(owner=owner, is_north_star=True).exclude(years=north_star).update(
        is_north_star=False
    )
    for years, fields in horizons.items():
        horizon = Horizon.objects.filter(owner=owner, years=years).first()
        if horizon is None:
            if not any(fields.values()) and years != north_star:
                continue
            horizon = Horizon(owner=owner, years=years)
        model_update(
            instance=horizon,
            data={**fields, "is_north_star": years == north_star},
            exclude_validation=["owner"],
        )
    vision_revision_record(owner=owner)
    return vision


@transaction.atomic
def vision_beyond_the_paycheck_set(*, owner, text: str) -> Vision:
    """Writes what drives the owner besides pay (an import's road: the horizons stay as they
    are) and keeps a revision."""
    vision = Vision.objects.filter(owner=owner).first() or Vision(owner=owner)
    model_update(instance=vision, data={"beyond_the_paycheck": text})
    vision_revision_record(owner=owner)
    return vision


@transaction.atomic
def horizon_update(*, horizon: Horizon, **fields) -> Horizon:
    """Changes one horizon (the API's road; the web saves the whole vision) and keeps a revision."""
    model_update(instance=horizon, data=fields, exclude_validation=["owner"])
    vision_revision_record(owner=horizon.owner)
    return horizon


@transaction.atomic
def value_create(*, owner, name: str, meaning: str = "") -> Value:
    lock_list(owner)
    value = Value(
        owner=owner,
        name=name,
        meaning=meaning,
        position=next_position(Value.objects.filter(owner=owner)),
    )
    value.full_clean()
    value.save()
    vision_revision_record(owner=owner)
    return value


@transaction.atomic
def value_update(*, value: Value, name: str, meaning: str) -> Value:
    model_update(instance=value, data={"name": name, "meaning": meaning})
    vision_revision_record(owner=value.owner)
    return value


@transaction.atomic
def value_delete(*, value: Value, actor: Actor) -> None:
    owner = value.owner
    lock_list(owner)
    value.delete()
    record_deleted(actor=actor, what="value", name=value.name)
    vision_revision_record(owner=owner)


@transaction.atomic
def value_move(*, value: Value, direction: str) -> None:
    move_in_order(
        item=value, siblings=values_for(owner=value.owner), parent=value.owner, direction=direction
    )
    vision_revision_record(owner=value.owner)


def job_create(
    *,
    owner,
    title: str,
    organisation: str,
    start_date,
    end_date=None,
    location: str = "",
    description: str = "",
) -> Job:
    job = Job(
        owner=owner,
        title=title,
        organisation=organisation,
        start_date=start_date,
        end_date=end_date,
        location=location,
        description=description,
    )
    job.full_clean()
    job.save()
    return job


def job_update(*, job: Job, **fields) -> Job:
    return model_update(instance=job, data=fields)


@transaction.atomic
def job_delete(*, job: Job, actor: Actor) -> None:
    job.delete()
    record_deleted(actor=actor, what="job", name=str(job))


def ledger_entry_create(*, job: Job, **fields) -> LedgerEntry:
    entry = LedgerEntry(job=job, **fields)
    entry.full_clean()
    entry.save()
    return entry


def ledger_entry_update(*, entry: LedgerEntry, **fields) -> LedgerEntry:
    return model_update(instance=entry, data=fields)


@transaction.atomic
def ledger_entry_delete(*, entry: LedgerEntry, actor: Actor) -> None:
    name = f"{entry.job} as of {entry.recorded_on:%d %B %Y}"
    entry.delete()
    record_deleted(actor=actor, what="ledger entry", name=name)
