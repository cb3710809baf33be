"""Export a user's whole plan as a ZIP (one JSON document, a CSV per area) and import it back.

The JSON document is the source of truth for the import; the CSVs are for people and
spreadsheets, with cells that could run as formulas neutralised.
"""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.checkins.models import CheckIn
from apps.core.cache import plan_changed
from apps.learning.models import LearningItem, Skill
from apps.milestones.models import Milestone, Step
from apps.network.models import Contact, Event, Interaction, Tag
from apps.reminders.models import ReminderPreference
from apps.vision.models import Horizon, Job, LedgerEntry, Value, Vision
from apps.vision.services import vision_revision_record

FORMAT = "careerbuilder-export"
VERSION = 1
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a ZIP that unpacks to more is refused unread

# Each area: the model, how to find the user's rows, and the fields kept (links as *_id).
AREAS = {
    "horizons": (Horizon, "owner", ["years", "statement", "target_role", "why", "is_north_star"]),
    "values": (Value, "owner", ["name", "meaning", "position"]),
    "jobs": (Job, "owner", ["title", "organisation", "start_date", "end_date"]),
    "ledger": (LedgerEntry, "job__owner", [
        "job_id", "recorded_on", "skills", "connections", "knowledge", "still_want",
        "score_1", "score_5", "score_10", "score_20",
    ]),
    "milestones": (Milestone, "owner", [
        "horizon", "title", "description", "kind", "target_date", "status", "progress",
        "lessons", "impact", "closed_on",
    ]),
    "steps": (Step, "milestone__owner", ["milestone_id", "title", "done", "position"]),
    "skills": (Skill, "owner", [
        "name", "current_level", "target_level", "why", "horizon", "milestone_id",
    ]),
    "learning": (LearningItem, "owner", [
        "kind", "title", "provider", "link", "status", "hours_spent", "started_on",
        "finished_on", "issued_on", "expires_on", "milestone_id",
    ]),
    "contacts": (Contact, "owner", [
        "name", "organisation", "role", "email", "profile_url", "where_met", "relationship",
        "notes", "cadence", "last_contacted_on", "next_due_on",
    ]),
    "interactions": (Interaction, "contact__owner", ["contact_id", "date", "kind", "notes"]),
    "events": (Event, "owner", ["name", "kind", "date", "location", "attended", "notes"]),
    "checkins": (CheckIn, "owner", [
        "created_at", "north_star_progress", "job_or_career", "learned", "network",
        "next_step", "next_step_milestone_id", "mood",
    ]),
}  # fmt: skip
# Many-to-many links, as [from id, to id] pairs.
LINKS = {
    "learning_skills": (LearningItem.skills.through, "learningitem", "skill"),
    "contact_tags": (Contact.tags.through, "contact", "tag"),
    "contact_milestones": (Contact.milestones.through, "contact", "milestone"),
    "contact_horizons": (Contact.horizons.through, "contact", "horizon"),
    "event_contacts": (Event.contacts.through, "event", "contact"),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def neutralise(value) -> str:
    """A CSV cell a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_document(user) -> dict:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "headline": user.headline,
            "time_zone": user.time_zone,
        },
        "vision": {
            "beyond_the_paycheck": getattr(
                Vision.objects.filter(owner=user).first(), "beyond_the_paycheck", ""
            )
        },
        "tags": [{"id": t.pk, "name": t.name} for t in Tag.objects.filter(owner=user)],
    }
    for area, (model, owner_path, fields) in AREAS.items():
        rows = model.objects.filter(**{owner_path: user}).order_by("pk").values("pk", *fields)
        document[area] = [
            {"id": row.pop("pk"), **{k: _plain(v) for k, v in row.items()}} for row in rows
        ]
    for name, (through, source, target) in LINKS.items():
        source_path = {"learningitem": "learningitem__owner"}.get(source, f"{source}__owner")
        document[name] = [
            list(pair)
            for pair in through.objects.filter(**{source_path: user}).values_list(
                f"{source}_id", f"{target}_id"
            )
        ]
    preference = ReminderPreference.objects.filter(user=user).values().first()
    if preference:
        for key in ("id", "user_id", "snoozed_until"):
            preference.pop(key)
    document["reminder_preference"] = preference
    return document


def export_zip(user) -> bytes:
    document = export_document(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("careerbuilder.json", json.dumps(document, indent=2, ensure_ascii=False))
        for area, (_model, _owner, fields) in AREAS.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(["id", *fields])
            for row in document[area]:
                writer.writerow([neutralise(row["id"]), *(neutralise(row[f]) for f in fields)])
            archive.writestr(f"{area}.csv", text.getvalue())
    return buffer.getvalue()


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why."""


def _read_document(data: bytes) -> dict:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("careerbuilder.json").file_size > MAX_UNPACKED_BYTES:
                raise ImportRefused("This export unpacks to more than 50 MB; it cannot be ours.")
            document = json.loads(archive.read("careerbuilder.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused(
            "This is not a careerbuilder export (a ZIP with careerbuilder.json)."
        ) from error
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ImportRefused("This export comes from an unknown version of careerbuilder.")
    return document


def account_is_empty(user) -> bool:
    return not any(
        model.objects.filter(**{owner_path: user}).exists()
        for model, owner_path, _ in AREAS.values()
    )


# Links inside the document: a field naming another area's id.
REFERENCES = {
    "job_id": "jobs", "milestone_id": "milestones", "contact_id": "contacts",
    "next_step_milestone_id": "milestones",
}  # fmt: skip


@transaction.atomic
def import_zip(user, data: bytes) -> dict[str, int]:
    """Restores an export into an empty account; all or nothing. Returns counts per area."""
    document = _read_document(data)
    if not account_is_empty(user):
        raise ImportRefused("Import only into an empty account: this one already has a plan.")
    new_ids: dict[str, dict[int, int]] = {}
    counts = {}
    Vision.objects.update_or_create(
        owner=user, defaults={"beyond_the_paycheck": document["vision"]["beyond_the_paycheck"]}
    )
    new_ids["tags"] = {
        t["id"]: Tag.objects.create(owner=user, name=t["name"]).pk for t in document["tags"]
    }
    for area, (model, owner_path, fields) in AREAS.items():
        new_ids[area] = {}
        for row in document.get(area, []):
            values = {field: row.get(field) for field in fields}
            for field, target in REFERENCES.items():
                if values.get(field) is not None:
                    values[field] = new_ids[target][values[field]]
            if "__" not in owner_path:
                values["owner"] = user
            obj = model(**values)
            try:
                obj.full_clean(exclude=["created_at"])
            except ValidationError as error:
                raise ImportRefused(f"{area}: {'; '.join(error.messages)}") from error
            obj.save()
            if area == "checkins" and row.get("created_at"):
                CheckIn.objects.filter(pk=obj.pk).update(
                    created_at=datetime.datetime.fromisoformat(row["created_at"])
                )
            new_ids[area][row["id"]] = obj.pk
        counts[area] = len(new_ids[area])
    area_of = {
        "learningitem": "learning", "skill": "skills", "contact": "contacts", "tag": "tags",
        "milestone": "milestones", "horizon": "horizons", "event": "events",
    }  # fmt: skip
    for name, (through, source, target) in LINKS.items():
        through.objects.bulk_create(
            through(
                **{
                    f"{source}_id": new_ids[area_of[source]][a],
                    f"{target}_id": new_ids[area_of[target]][b],
                }
            )
            for a, b in document.get(name, [])
        )
    if document.get("reminder_preference"):
        ReminderPreference.objects.update_or_create(
            user=user, defaults=document["reminder_preference"]
        )
    vision_revision_record(owner=user)
    plan_changed(owner_id=user.pk)  # the links above were bulk-inserted, without signals
    return counts
