import datetime
import json
import logging

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import audit
from apps.accounts import services as account_services
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind
from apps.accounts.services import private_address_replace
from apps.learning import services as learning_services
from apps.learning.models import LearningItem, LearningStatus, Skill
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone, OpenSteps
from apps.network import services as network_services
from apps.network.services import ContactRow
from apps.record import render
from apps.vision import services as vision_services
from apps.vision.models import Job, Vision

from . import linkedin, portability, resume
from .models import CalendarFeed, ImportStatus, ResumePreview, RowChoice

logger = logging.getLogger(__name__)


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


BACKGROUND_ROWS = 2_000  # a longer preview is imported by a worker, the page showing how far
IMPORT_TASK = "dataio.resume_preview_import"
PROGRESS_EVERY = 500


def resume_preview_expired(*, preview: ResumePreview, now) -> bool:
    return now - preview.created_at > datetime.timedelta(seconds=ResumePreview.SECONDS)


def resume_preview_accept(*, preview: ResumePreview, choices: list[str], now) -> ResumePreview:
    """Accepts the preview with a choice per row (RowChoice: add or merge, replace, skip), once
    and within the hour (PreviewGone otherwise): a claim in PostgreSQL, so two clicks accept it
    once. A short one is imported at once; a long one is handed to a worker when this commits,
    and the preview says how far it is."""
    if resume_preview_expired(preview=preview, now=now):
        raise PreviewGone
    allowed = set(RowChoice.values)
    choices = [
        choice if choice in allowed else RowChoice.MERGE
        for choice in [*choices, *[RowChoice.MERGE] * len(preview.rows)][: len(preview.rows)]
    ]
    claimed = ResumePreview.objects.filter(pk=preview.pk, accepted_at__isnull=True).update(
        accepted_at=now,
        choices=choices,
        total_rows=sum(choice != RowChoice.SKIP for choice in choices),
    )
    if not claimed:
        raise PreviewGone
    if len(preview.rows) > BACKGROUND_ROWS:
        transaction.on_commit(lambda: _queue_import(preview.pk))
    else:
        resume_preview_import(preview_id=preview.pk)
    preview.refresh_from_db()
    return preview


def _queue_import(preview_id: int) -> None:
    """Hands the import to a worker (by name: the services never import the tasks); with the
    broker down the preview fails, saying so, and nothing is imported."""
    try:
        current_app.tasks[IMPORT_TASK].apply_async(kwargs={"preview_id": preview_id}, retry=False)
    except Exception:
        logger.exception("résumé preview %s not queued", preview_id)
        ResumePreview.objects.filter(pk=preview_id, status=ImportStatus.WAITING).update(
            status=ImportStatus.FAILED,
            problems=[_("The import could not be started, so nothing was imported.")],
        )


class _Progress:
    """Writes how far an import is on a connection of its own, outside the import's
    transaction, so that the page sees it move while nothing of the import is visible yet.
    The preview's row is never locked by the import, so this never waits on it."""

    def __init__(self, preview_id: int, total: int):
        self.preview_id, self.total, self.side = preview_id, total, None
        if connection.vendor == "postgresql":
            self.side = connection.get_new_connection(connection.get_connection_params())
            self.side.autocommit = True

    def __call__(self, done: int) -> None:
        if self.side is None:
            return
        with self.side.cursor() as cursor:
            cursor.execute(
                "UPDATE dataio_resumepreview SET done_rows = %s WHERE id = %s",
                [min(done, self.total), self.preview_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


# A run claimed this long ago is dead (a worker lost: the task's time limit is 11 minutes), and
# its transaction rolled back; the task handed out again may claim the preview anew.
STALE_RUN = datetime.timedelta(minutes=15)


def resume_preview_import(*, preview_id: int, report_progress: bool = False) -> bool:
    """Imports an accepted preview, all or nothing, if this call claims it (waiting → running,
    a conditional update): run twice, or by two workers, it imports once. A row the plan
    refuses is reported and the others are imported; anything else going wrong rolls all of it
    back and the preview says why. False when there was nothing to claim or it failed."""
    now = timezone.now()
    claimable = Q(status=ImportStatus.WAITING) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_RUN
    )
    claimed = ResumePreview.objects.filter(
        claimable, pk=preview_id, accepted_at__isnull=False
    ).update(status=ImportStatus.RUNNING, started_at=now, done_rows=0)
    if not claimed:
        return False
    preview = ResumePreview.objects.select_related("owner").get(pk=preview_id)
    progress = None
    try:
        if report_progress:
            progress = _Progress(preview_id, preview.total_rows)
        with transaction.atomic():
            counts, rejected = _import_rows(preview, progress)
            ResumePreview.objects.filter(pk=preview_id).update(
                status=ImportStatus.DONE,
                done_rows=preview.total_rows,
                counts=counts,
                problems=_first_problems(rejected),
            )
    except Exception:
        logger.exception("résumé preview %s failed", preview_id)
        ResumePreview.objects.filter(pk=preview_id).update(
            status=ImportStatus.FAILED,
            done_rows=0,
            problems=[_("Something went wrong, so nothing was imported.")],
        )
        return False
    finally:
        if progress is not None:
            progress.close()
    return True


REJECTED_KEPT = 200


def _first_problems(problems: list[str]) -> list[str]:
    """The first rows refused, and how many more: the preview stays small."""
    if len(problems) <= REJECTED_KEPT:
        return problems
    more = len(problems) - REJECTED_KEPT
    return [*problems[:REJECTED_KEPT], _("… and %(count)d more.") % {"count": more}]


def _import_rows(preview: ResumePreview, progress) -> tuple[dict[str, int], list[str]]:
    owner = preview.owner
    counts = {"added": 0, "merged": 0, "replaced": 0, "skipped": 0}
    rejected: list[str] = []
    people: list[ContactRow] = []
    done = 0
    for row, choice in zip(preview.rows, preview.choices, strict=False):
        if choice == RowChoice.SKIP:
            counts["skipped"] += 1
            continue
        if row["kind"] == "contact":
            people.append(_contact_row(row, replace=choice == RowChoice.REPLACE))
            continue
        try:
            with transaction.atomic():
                counts[_import_row(owner, row, replace=choice == RowChoice.REPLACE)] += 1
        except ValidationError as error:
            rejected.append(f"{row.get('where', '')}: {' '.join(error.messages)}")
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if people:
        report = network_services.contacts_bulk_import(
            owner=owner,
            rows=people,
            on_progress=progress and (lambda through: progress(done + through)),
        )
        counts["added"] += report.added
        counts["merged"] += report.merged
        counts["replaced"] += report.replaced
        rejected += [f"{where}: {reason}" for where, reason in report.rejected]
    return counts, rejected


CONTACT_FIELDS = ("name", "email", "profile_url", "organisation", "role", "where_met", "notes")


def _contact_row(row: dict, *, replace: bool) -> ContactRow:
    return ContactRow(
        key=row.get("where", ""),
        fields={name: row[name] for name in CONTACT_FIELDS},
        contact_id=row["matches"],
        replace=replace,
    )


def _blanks(instance, values: dict) -> dict:
    """The values the instance lacks."""
    return {name: value for name, value in values.items() if value and not getattr(instance, name)}


def _chosen(instance, values: dict, *, replace: bool) -> tuple[dict, str]:
    """What a matching row changes in its item: every field the file has when replacing, the
    blanks when merging."""
    return (values, "replaced") if replace else (_blanks(instance, values), "merged")


def _import_row(owner, row: dict, *, replace: bool) -> str:
    """Adds one row to the plan, or merges it with (or replaces) the item it matches; says which."""
    day = datetime.date.fromisoformat
    kind, match = row["kind"], row["matches"]
    if kind == "job":
        values = {
            "title": row["title"],
            "organisation": row["organisation"],
            "start_date": day(row["start_date"]),
            "end_date": row["end_date"] and day(row["end_date"]),
            "location": row.get("location", ""),
            "description": row.get("description", ""),
        }
        if job := match and Job.objects.filter(owner=owner, pk=match).first():
            values, outcome = _chosen(job, values, replace=replace)
            vision_services.job_update(job=job, **values)
            return outcome
        vision_services.job_create(owner=owner, **values)
    elif kind == "skill":
        if skill := match and Skill.objects.filter(owner=owner, pk=match).first():
            if not replace:
                return "merged"
            level = row["level"]
            learning_services.skill_update(
                skill=skill, current_level=level, target_level=max(level, skill.target_level)
            )
            return "replaced"
        learning_services.skill_create(
            owner=owner,
            name=row["name"],
            current_level=row["level"],
            target_level=max(row["level"], 3),
        )
    elif kind == "milestone":
        values = {
            "title": row["title"],
            "kind": row["kind_of_milestone"],
            "description": row["description"],
            "impact": row["impact"],
            "closed_on": row["closed_on"] and day(row["closed_on"]),
            "target_date": row["closed_on"] and day(row["closed_on"]),
        }
        if milestone := match and Milestone.objects.filter(owner=owner, pk=match).first():
            status = row["status"] if replace else milestone.status
            values, outcome = _chosen(milestone, values, replace=replace)
            milestone_services.milestone_update(
                milestone=milestone, status=status, open_steps=OpenSteps.TICK, **values
            )
            return outcome
        milestone_services.milestone_create(owner=owner, horizon=1, status=row["status"], **values)
    elif kind == "headline":
        if owner.headline and not replace:
            return "merged"
        outcome = "replaced" if owner.headline else "added"
        account_services.user_update_profile(
            user=owner,
            display_name=owner.display_name,
            time_zone=owner.time_zone,
            headline=row["text"],
        )
        return outcome
    elif kind == "summary":
        vision = Vision.objects.filter(owner=owner).first()
        written = bool(vision and vision.beyond_the_paycheck)
        if written and not replace:
            return "merged"
        vision_services.vision_beyond_the_paycheck_set(owner=owner, text=row["text"])
        return "replaced" if written else "added"
    else:
        values = {
            "title": row["title"],
            "provider": row["provider"],
            "link": row["link"],
            "started_on": row["started_on"] and day(row["started_on"]),
            "finished_on": row["finished_on"] and day(row["finished_on"]),
            "issued_on": row["issued_on"] and day(row["issued_on"]),
            "expires_on": row.get("expires_on") and day(row["expires_on"]),
            "licence_number": row.get("licence_number", ""),
        }
        if item := match and LearningItem.objects.filter(owner=owner, pk=match).first():
            values, outcome = _chosen(item, values, replace=replace)
            learning_services.learning_item_update(
                item=item, skills=list(item.skills.all()), **values
            )
            return outcome
        learning_services.learning_item_create(
            owner=owner, kind=kind, status=LearningStatus.DONE, **values
        )
    return "added"


def resume_previews_purge(*, now=None) -> int:
    """Deletes the résumé previews past their hour, accepted or not (indexed by when they were
    made: the hourly run reads only what it deletes)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=ResumePreview.SECONDS)
    return ResumePreview.objects.filter(created_at__lt=cutoff).delete()[0]
