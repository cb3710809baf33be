"""Every change to a brag document, whichever road it came by (the pages, an import)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.audit import Actor, record_deleted
from apps.core.limits import one_line

from . import selectors
from .models import LINE_LENGTH, BragDocument, BragVersion, Purpose


def _locked(document: BragDocument) -> BragDocument:
    """Locks the document until the transaction ends: two saves never take one number."""
    return BragDocument.objects.select_for_update().get(pk=document.pk)


def _version_add(document: BragDocument, lines: list[dict]) -> BragVersion:
    last = document.versions.values_list("number", flat=True).first() or 0
    version = BragVersion(document=document, number=last + 1, lines=lines)
    version.full_clean(exclude=["document"])
    version.save()
    return version


@transaction.atomic
def brag_document_create(
    *, owner, purpose: str, start: datetime.date, end: datetime.date, title: str = ""
) -> BragDocument:
    """A document of the period's evidence, gathered from every area, as its first version."""
    document = BragDocument(
        owner=owner,
        purpose=purpose,
        period_start=start,
        period_end=end,
        title=title.strip() or default_title(purpose=purpose, start=start, end=end),
    )
    document.full_clean()
    document.save()
    _version_add(document, selectors.evidence_lines(owner=owner, start=start, end=end))
    return document


def default_title(*, purpose: str, start: datetime.date, end: datetime.date) -> str:
    return _("%(purpose)s: %(start)s to %(end)s") % {
        "purpose": Purpose(purpose).label,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


@transaction.atomic
def brag_version_save(*, document: BragDocument, lines: list[dict]) -> BragVersion:
    """The owner's edit as a new dated version: each line of the last version by its key, with
    its text as edited, in the order given, in or left out. The lines come from the last version
    (a posted key it does not hold is ignored): only the text and the order are the owner's.
    An edit that changes nothing saves nothing: the last version is returned."""
    document = _locked(document)
    latest = selectors.latest_version(document)
    known = {line["key"]: line for line in latest.lines}
    edited, seen = [], set()
    for line in lines:
        key = line.get("key")
        if key not in known or key in seen:
            continue
        seen.add(key)
        text = " ".join(str(line.get("text", "")).split())
        if not text:
            raise ValidationError(_("A line cannot be empty: leave it out instead."))
        one_line(text)  # no control character: PostgreSQL's JSON refuses a NUL
        if len(text) > LINE_LENGTH:
            raise ValidationError(
                _("A line is at most %(count)d characters.") % {"count": LINE_LENGTH}
            )
        edited.append({**known[key], "text": text, "included": bool(line.get("included"))})
    edited += [line for key, line in known.items() if key not in seen]  # never lost
    if edited == latest.lines:
        return latest  # nothing changed: no new version to tell apart from the last
    return _version_add(document, edited)


@transaction.atomic
def brag_document_gather(*, document: BragDocument) -> tuple[BragVersion, int]:
    """A new version with the evidence added to the plan since the last one (at the end, in
    date order); lines there already keep their text, order and choice. Returns the version and
    how many lines came (none: the last version, and no new one)."""
    document = _locked(document)
    lines = list(selectors.latest_version(document).lines)
    known = {line["key"] for line in lines}
    fresh = [
        line
        for line in selectors.evidence_lines(
            owner=document.owner, start=document.period_start, end=document.period_end
        )
        if line["key"] not in known
    ]
    if not fresh:
        return selectors.latest_version(document), 0  # nothing new: no version to tell apart
    return _version_add(document, lines + fresh), len(fresh)


@transaction.atomic
def brag_document_share(*, document: BragDocument, mentorships) -> None:
    """Shares the document through these mentorships only (none: with nobody): the owner's of
    now. One that ends takes the document with it; the same mentor invited again sees it only
    once it is shared again."""
    mentorships = list(mentorships)
    allowed = set(selectors.active_mentorships(owner=document.owner).values_list("pk", flat=True))
    if any(mentorship.pk not in allowed for mentorship in mentorships):
        raise ValidationError(_("A document is shared only with your mentors."))
    document.shared_with.set(mentorships)


def brag_document_delete(*, document: BragDocument, actor: Actor) -> None:
    document.delete()
    record_deleted(actor=actor, what="brag document", name=document.title)
