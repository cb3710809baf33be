import datetime
import json

from django.db import transaction
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind
from apps.accounts.services import private_address_replace
from apps.learning import services as learning_services
from apps.learning.models import LearningItem, LearningStatus, Skill
from apps.record import render
from apps.vision import services as vision_services
from apps.vision.models import Job

from . import linkedin, portability, resume
from .models import CalendarFeed, ResumePreview


def calendar_feed_regenerate(*, user, actor: Actor) -> CalendarFeed:
    """A new secret address (the first one, or one replacing the old, which stops working)."""
    return private_address_replace(
        model=CalendarFeed, user=user, actor=actor, detail="New private calendar address"
    )


def resume_export(*, user, actor: Actor, now) -> dict:
    """The career record as JSON Resume (apps/dataio/resume.py); in the security log too, with
    the road it left by (the web's download or the API)."""
    document = resume.resume_document(user, now=now)
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user, detail="JSON Resume")
    return document


RESUME_FORMATS = {  # format → (what the security log says, the writer of the résumé)
    "json": ("JSON Resume", lambda document: json.dumps(document, indent=2, ensure_ascii=False)),
    "md": ("Résumé (Markdown)", lambda d: render.as_markdown(resume.resume_printable(d))),
    "docx": ("Résumé (DOCX)", lambda d: render.as_docx(resume.resume_printable(d))),
    "pdf": ("Résumé (PDF)", lambda d: render.as_pdf(resume.resume_printable(d))),
}


def resume_file(*, user, actor: Actor, now, fmt: str = "json") -> bytes:
    """The career record as a file: JSON Resume, or a résumé made from it (Markdown, DOCX, PDF);
    in the security log too."""
    detail, write = RESUME_FORMATS[fmt]
    content = write(resume.resume_document(user, now=now))
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user, detail=detail)
    return content.encode() if isinstance(content, str) else content


def plan_export(*, user, actor: Actor) -> bytes:
    """The whole plan as a ZIP; exports are in the user's security log."""
    data = portability.export_zip(user)
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user)
    return data


def resume_preview_create(
    *, user, data: bytes, filename: str = "resume.json"
) -> tuple[ResumePreview | None, list[str]]:
    """A JSON Resume file, or LinkedIn's export (its ZIP or one of its CSVs), read into a preview
    of what it would add (nothing is saved to the plan yet), and the problems of the rows it
    cannot take; ResumeRefused for a file that is neither."""
    if filename.lower().endswith((".zip", ".csv")):
        rows, problems = linkedin.linkedin_rows(user, data, filename)
    else:
        rows, problems = resume.resume_rows(user, data)
    preview = ResumePreview.objects.create(owner=user, rows=rows) if rows else None
    return preview, problems


class PreviewGone(ValueError):
    """The preview was accepted already, or it expired."""


@transaction.atomic
def resume_preview_accept(*, preview: ResumePreview, chosen: set[int], now) -> dict[str, int]:
    """Adds the chosen rows of the preview to its owner's plan, all or nothing: a row that
    matches what the plan has already fills only what that lacks (an end date, a link…); the
    rest are created through the areas' services. Once only, and within the hour."""
    preview = ResumePreview.objects.select_for_update().get(pk=preview.pk)
    if preview.accepted_at or now - preview.created_at > datetime.timedelta(
        seconds=ResumePreview.SECONDS
    ):
        raise PreviewGone
    owner, counts = preview.owner, {"added": 0, "merged": 0}
    for number, row in enumerate(preview.rows):
        if number not in chosen:
            continue
        counts["merged" if row["matches"] else "added"] += 1
        _import_row(owner, row)
    preview.accepted_at = now
    preview.save(update_fields=["accepted_at"])
    return counts


def _blanks(instance, values: dict) -> dict:
    """The values the instance lacks."""
    return {name: value for name, value in values.items() if value and not getattr(instance, name)}


def _import_row(owner, row: dict) -> None:
    day = datetime.date.fromisoformat
    kind, match = row["kind"], row["matches"]
    if kind == "job":
        values = {
            "title": row["title"],
            "organisation": row["organisation"],
            "start_date": day(row["start_date"]),
            "end_date": row["end_date"] and day(row["end_date"]),
        }
        if job := match and Job.objects.filter(owner=owner, pk=match).first():
            vision_services.job_update(job=job, **_blanks(job, values))
        else:
            vision_services.job_create(owner=owner, **values)
    elif kind == "skill":
        if not (match and Skill.objects.filter(owner=owner, pk=match).exists()):
            learning_services.skill_create(
                owner=owner,
                name=row["name"],
                current_level=row["level"],
                target_level=max(row["level"], 3),
            )
    else:
        values = {
            "title": row["title"],
            "provider": row["provider"],
            "link": row["link"],
            "started_on": row["started_on"] and day(row["started_on"]),
            "finished_on": row["finished_on"] and day(row["finished_on"]),
            "issued_on": row["issued_on"] and day(row["issued_on"]),
            "expires_on": row.get("expires_on") and day(row["expires_on"]),
        }
        if item := match and LearningItem.objects.filter(owner=owner, pk=match).first():
            learning_services.learning_item_update(
                item=item, skills=list(item.skills.all()), **_blanks(item, values)
            )
        else:
            learning_services.learning_item_create(
                owner=owner, kind=kind, status=LearningStatus.DONE, **values
            )


def resume_previews_purge(*, now=None) -> int:
    """Deletes the résumé previews past their hour, accepted or not (indexed by when they were
    made: the hourly run reads only what it deletes)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=ResumePreview.SECONDS)
    return ResumePreview.objects.filter(created_at__lt=cutoff).delete()[0]
