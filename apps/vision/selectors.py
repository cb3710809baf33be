from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Horizon, HorizonYears, Job, LedgerEntry, Value, Vision, VisionRevision


def vision_for(*, owner) -> Vision:
    """The owner's vision; an unsaved empty one when they have not written it yet."""
    return Vision.objects.filter(owner=owner).first() or Vision(owner=owner)


def horizons_for(*, owner) -> list[Horizon]:
    """All four horizons in order; unsaved empty ones stand in for those not written yet."""
    saved = {horizon.years: horizon for horizon in Horizon.objects.filter(owner=owner)}
    return [saved.get(years) or Horizon(owner=owner, years=years) for years in HorizonYears.values]


def north_star_for(*, owner) -> Horizon | None:
    return Horizon.objects.filter(owner=owner, is_north_star=True).first()


def values_for(*, owner):
    return Value.objects.filter(owner=owner).order_by("position", "pk")


def vision_snapshot(*, owner) -> dict:
    """Everything a revision keeps, as plain JSON."""
    horizons = horizons_for(owner=owner)
    north_star = next((h.years for h in horizons if h.is_north_star), None)
    return {
        "beyond_the_paycheck": vision_for(owner=owner).beyond_the_paycheck,
        "north_star": north_star,
        "horizons": {
            str(h.years): {"statement": h.statement, "target_role": h.target_role, "why": h.why}
            for h in horizons
        },
        "values": [{"name": v.name, "meaning": v.meaning} for v in values_for(owner=owner)],
    }


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    part: str = ""  # the part of the vision it belongs to: "5 years", "Values", "Value “Care”"…


HORIZON_FIELD_LABELS = {
    "statement": _("where I want to be"),
    "target_role": _("target role"),
    "why": pgettext_lazy("why a horizon matters", "why"),
}


def _flatten(snapshot: dict) -> dict[str, tuple[str, str]]:
    """A revision as label → (part of the vision, text), in reading order, for comparing two of
    them (in the language active now)."""
    flat = {}
    for years in HorizonYears:
        horizon = snapshot.get("horizons", {}).get(str(years.value), {})
        for field, label in HORIZON_FIELD_LABELS.items():
            line = gettext("%(horizon)s — %(field)s") % {"horizon": years.label, "field": label}
            flat[line] = (str(years.label), horizon.get(field, ""))
    north_star = snapshot.get("north_star")
    flat[gettext("North Star")] = (
        gettext("North Star"),
        str(HorizonYears(north_star).label) if north_star else "",
    )
    flat[gettext("Values")] = (
        gettext("Values"),
        ", ".join(
            f"{i}. {value['name']}" for i, value in enumerate(snapshot.get("values", []), start=1)
        ),
    )
    for value in snapshot.get("values", []):
        line = gettext("Value “%(name)s” — what it means to me") % {"name": value["name"]}
        flat[line] = (gettext("Value “%(name)s”") % {"name": value["name"]}, value["meaning"])
    flat[gettext("Beyond the paycheck")] = (
        gettext("Beyond the paycheck"),
        snapshot.get("beyond_the_paycheck", ""),
    )
    return flat


def vision_changes(before: dict | None, after: dict) -> list[Change]:
    old, new = _flatten(before or {}), _flatten(after)
    changes = []
    for label in dict.fromkeys([*old, *new]):
        part, before_text = old.get(label, ("", ""))
        part, after_text = new.get(label, (part, ""))
        if before_text != after_text:
            changes.append(Change(label, before_text, after_text, part))
    return changes


def vision_history(*, owner) -> list[tuple[VisionRevision, list[Change]]]:
    """Each revision, newest first, with what changed since the one before it."""
    revisions = list(VisionRevision.objects.filter(owner=owner).order_by("created_at", "pk"))
    history = []
    previous = None
    for revision in revisions:
        history.append((revision, vision_changes(previous, revision.snapshot)))
        previous = revision.snapshot
    return list(reversed(history))


def jobs_with_ledger():
    """Jobs with their ledger, newest entry first; filter it by owner or through access."""
    return Job.objects.prefetch_related(
        Prefetch("ledger_entries", queryset=LedgerEntry.objects.order_by("-recorded_on", "-pk"))
    )


def jobs_for(*, owner):
    return jobs_with_ledger().filter(owner=owner)


def current_job_for(*, owner) -> Job | None:
    return jobs_for(owner=owner).filter(end_date__isnull=True).first()


@dataclass(frozen=True)
class Trajectory:
    """Whether a job is still a stepping stone toward the vision, read from its ledger."""

    verdict: str  # "stepping_stone", "drifting", "just_a_job", "first_entry" or "unknown"
    headline: str
    latest: LedgerEntry | None
    previous: LedgerEntry | None

    @property
    def score_change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        if self.latest.average_score is None or self.previous.average_score is None:
            return None
        return round(self.latest.average_score - self.previous.average_score, 2)


def job_trajectory(job: Job) -> Trajectory:
    """Falling scores and nothing new gained mean the job has become just a job."""
    entries = list(job.ledger_entries.all())  # newest first; prefetched by jobs_for
    latest = entries[0] if entries else None
    previous = entries[1] if len(entries) > 1 else None
    if latest is None:
        return Trajectory("unknown", _("No ledger yet: write what this job gives you."), None, None)
    if previous is None:  # one entry tells where the job stands, not where it is going
        return Trajectory(
            "first_entry",
            _("First ledger entry: write another in a few months to see where this job is going."),
            latest,
            None,
        )
    change = Trajectory("", "", latest, previous).score_change
    falling = change is not None and change < 0
    nothing_new = not latest.gained_something
    if falling and nothing_new:
        verdict, headline = (
            "just_a_job",
            _("Just a job: scores are falling and nothing new is gained."),
        )
    elif falling:
        verdict, headline = (
            "drifting",
            _("Drifting: it moves you less toward your vision than before."),
        )
    elif nothing_new:
        verdict, headline = "drifting", _("Drifting: nothing new gained lately.")
    else:
        verdict, headline = "stepping_stone", _("A stepping stone: it still moves you forward.")
    return Trajectory(verdict, headline, latest, previous)
