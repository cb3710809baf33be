from django.urls import reverse

from apps.core.changes import Change, provides

from .models import Job, VisionRevision
from .selectors import vision_changes

SHOWN_PARTS = 3  # named in the line; the rest are counted


def _part(label: str) -> str:
    """The part of the vision a changed line belongs to: "5 years", "Values", "Value “Care”"…"""
    return label.split(" — ")[0]


@provides("vision")
def vision_revised(*, owner_id, since) -> list[Change]:
    """One line however many times the vision was saved: what differs between the vision as it
    stood at `since` and as it stands now (nothing, if it was changed back)."""
    revisions = VisionRevision.objects.filter(owner_id=owner_id).order_by("-created_at", "-pk")
    latest = revisions.filter(created_at__gt=since).first()
    if latest is None:
        return []
    before = revisions.filter(created_at__lte=since).first()
    changed = vision_changes(before.snapshot if before else None, latest.snapshot)
    if not changed:
        return []
    parts = list(dict.fromkeys(_part(change.label) for change in changed))
    what = ", ".join(parts)
    if len(parts) > SHOWN_PARTS + 1:
        what = f"{', '.join(parts[:SHOWN_PARTS])} and {len(parts) - SHOWN_PARTS} more"
    return [
        Change("vision", latest.created_at, f"Changed the vision: {what}", reverse("vision:index"))
    ]


@provides("vision")
def jobs_started(*, owner_id, since) -> list[Change]:
    """A job added to the career history since then."""
    return [
        Change(
            "vision",
            job.created_at,
            f"Added to the career history: {job.title} at {job.organisation}",
            reverse("vision:job_detail", args=[job.pk]),
        )
        for job in Job.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
