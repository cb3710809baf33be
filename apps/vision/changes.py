from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop, ngettext

from apps.core.changes import Change, provides

from .models import Job, VisionRevision
from .selectors import vision_changes

SHOWN_PARTS = 3  # named in the line; the rest are counted


def _said(message: str, values: dict) -> str:
    """`message` (marked with gettext_noop) in the language of whoever reads the line, not of
    whoever gathered it (a reminder email gathers the changes before it speaks its reader's)."""
    return gettext(message) % values


said = lazy(_said, str)


def _vision_line(before: dict | None, after: dict) -> str:
    """ "Changed the vision: 5 years, Values…", worded in the language active when it is read."""
    parts = list(dict.fromkeys(change.part for change in vision_changes(before, after)))
    what = ", ".join(parts)
    if len(parts) > SHOWN_PARTS + 1:
        more = len(parts) - SHOWN_PARTS
        what = ngettext("%(parts)s and %(count)s more", "%(parts)s and %(count)s more", more) % {
            "parts": ", ".join(parts[:SHOWN_PARTS]),
            "count": more,
        }
    return gettext("Changed the vision: %(what)s") % {"what": what}


vision_line = lazy(_vision_line, str)


@provides("vision")
def vision_revised(*, owner_id, since) -> list[Change]:
    """One line however many times the vision was saved: what differs between the vision as it
    stood at `since` and as it stands now (nothing, if it was changed back)."""
    revisions = VisionRevision.objects.filter(owner_id=owner_id).order_by("-created_at", "-pk")
    latest = revisions.filter(created_at__gt=since).first()
    if latest is None:
        return []
    before = revisions.filter(created_at__lte=since).first()
    before_snapshot = before.snapshot if before else None
    if not vision_changes(before_snapshot, latest.snapshot):
        return []
    return [
        Change(
            "vision",
            latest.created_at,
            vision_line(before_snapshot, latest.snapshot),
            reverse("vision:index"),
        )
    ]


@provides("vision")
def jobs_started(*, owner_id, since) -> list[Change]:
    """A job added to the career history since then."""
    return [
        Change(
            "vision",
            job.created_at,
            said(
                gettext_noop("Added to the career history: %(title)s at %(organisation)s"),
                {"title": job.title, "organisation": job.organisation},
            ),
            reverse("vision:job_detail", args=[job.pk]),
        )
        for job in Job.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
