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

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.checkins.models import CheckInRhythm
from apps.checkins.selectors import rhythm_for
from apps.core.areas import ExportLink, commentable, export_links, export_sections
from apps.core.cache import plan_changed
from apps.core.limits import IMPORT_ROWS
from apps.dashboard.models import TodaySnooze
from apps.mentoring.models import Comment
from apps.network.models import Tag
from apps.network.services import inbox_settle
from apps.reminders.models import ReminderPreference
from apps.reminders.selectors import preference_for
from apps.sharing.areas import shared_area
from apps.vision.models import Vision
from apps.vision.services import vision_revision_record

from .readable import readable_html, readable_markdown

FORMAT = "careerbuilder-export"
# 2: ledger scores only for the horizons written (empty for the others); 3: a check-in answers
# last time's commitment (previous_step, previous_step_outcome), a step knows when it was ticked;
# 4: a check-in has notes (what an emailed one says besides its answers), a step a date it is due
# by; the Inbox (people of logged emails waiting to be added); 5: a check-in's next step knows
# when it was done, and the Today list's snoozes; 6: opportunities, their moves and scores, and
# the reminders' switch for them; 7: the comments on the owner's items (the owner's, and the
# mentors' with their author as text), and the career record's brag documents and versions;
# 8: the mentee's side of her mentoring record (agreements and the horizons and milestones they
# serve, sessions, talking points, action items, reflections), and the mentors' cheers, each
# mentor kept as a name
VERSION = 8
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a ZIP that unpacks to more is refused unread


def sections() -> dict[str, tuple]:
    """The export's lists, as the plan areas declare them (apps/core/areas.py): name → (the
    model, how to find the user's rows, the fields kept, links to other rows as *_id)."""
    return {
        section.name: (section.model_class, section.owner_path, list(section.fields))
        for section in export_sections()
    }


def links() -> dict[str, ExportLink]:
    """The many-to-many links, as [from id, to id] pairs."""
    return {link.name: link for link in export_links()}


def commented_sections() -> dict[str, type]:
    """The sections whose rows people comment on (apps.core.areas.commentable), by name: a
    comment names its item by section and id, so a new commentable area travels with no list
    of its own here."""
    kinds = set(commentable().values())
    return {
        section.name: section.model_class
        for section in export_sections()
        if section.model_class in kinds
    }


COMMENT_FIELDS = ["body", "created_at", "edited_at", "deleted_at"]


def export_comments(user) -> list[dict]:
    """The comments on the user's items, threads in order (a reply after its comment). The
    owner's are theirs again on import; anyone else's keep their author as text only, since
    that account is not part of the export."""
    section_of = {model: name for name, model in commented_sections().items()}
    rows = []
    for comment in (
        Comment.objects.filter(plan_owner=user)
        .select_related("author", "content_type")
        .order_by("pk")
    ):
        section = section_of.get(comment.content_type.model_class())
        if section is None:
            continue
        by_owner = comment.author_id == user.pk
        rows.append(
            {
                "id": comment.pk,
                "section": section,
                "item_id": comment.object_id,
                "parent_id": comment.parent_id,
                "by_owner": by_owner,
                "author_name": comment.author.display_name
                if comment.author
                else comment.author_name,
                "author_email": comment.author.email if comment.author else comment.author_email,
                **{name: _plain(getattr(comment, name)) for name in COMMENT_FIELDS},
            }
        )
    return rows


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
            "language": user.language,
        },
        "vision": {
            "beyond_the_paycheck": getattr(
                Vision.objects.filter(owner=user).first(), "beyond_the_paycheck", ""
            )
        },
        "tags": [{"id": t.pk, "name": t.name} for t in Tag.objects.filter(owner=user)],
    }
    for area, (model, owner_path, fields) in sections().items():
        rows = model.objects.filter(**{owner_path: user}).order_by("pk").values("pk", *fields)
        document[area] = [
            {"id": row.pop("pk"), **{k: _plain(v) for k, v in row.items()}} for row in rows
        ]
    for name, link in links().items():
        document[name] = [
            list(pair)
            for pair in link.through.objects.filter(**{f"{link.source}__owner": user}).values_list(
                f"{link.source}_id", f"{link.target}_id"
            )
        ]
    # One section for the check-in rhythm and the reminder preferences, as the settings page
    # shows them (and as exports made before the rhythm moved to the check-ins hold them).
    preference = ReminderPreference.objects.filter(user=user).values(*PREFERENCE_FIELDS).first()
    rhythm = CheckInRhythm.objects.filter(user=user).values(*RHYTHM_FIELDS).first()
    if preference or rhythm:
        preference = preference or model_to_dict(ReminderPreference(), fields=PREFERENCE_FIELDS)
        rhythm = rhythm or model_to_dict(CheckInRhythm(), fields=RHYTHM_FIELDS)
        document["reminder_preference"] = {**rhythm, **preference}
    else:
        document["reminder_preference"] = None
    # what the Today list was told to put off, and until when
    document["today_snoozes"] = [
        {"key": snooze.key, "until": snooze.until.isoformat()}
        for snooze in TodaySnooze.objects.filter(owner=user).order_by("pk")
    ]
    document["comments"] = export_comments(user)
    return document


def export_zip(user) -> bytes:
    document = export_document(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("careerbuilder.json", json.dumps(document, indent=2, ensure_ascii=False))
        # the same plan for people to read, with the comments on it (the JSON is what imports)
        archive.writestr("careerbuilder.md", readable_markdown(user))
        archive.writestr("careerbuilder.html", readable_html(user))
        for area, (_model, _owner, fields) in sections().items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(["id", *fields])
            for row in document[area]:
                writer.writerow([neutralise(row["id"]), *(neutralise(row[f]) for f in fields)])
            archive.writestr(f"{area}.csv", text.getvalue())
    return buffer.getvalue()


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why, `problems` name each bad row."""

    def __init__(self, message: str, problems: list[str] = ()):
        super().__init__(message)
        self.problems = list(problems)


def _not_an_export() -> str:
    return _("This is not a careerbuilder export (a ZIP with careerbuilder.json).")


def _read_document(data: bytes) -> dict:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            _("The file is larger than %(size)d MB.") % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = archive.getinfo("careerbuilder.json").file_size
            if unpacked <= MAX_UNPACKED_BYTES:
                document = json.loads(archive.read("careerbuilder.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, RecursionError, NotImplementedError) as error:
        # ValueError covers bad JSON and bad UTF-8; RecursionError, JSON nested too deeply;
        # NotImplementedError, a compression method zipfile does not know.
        raise ImportRefused(_not_an_export()) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(_("This export unpacks to more than 50 MB; it cannot be ours."))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(_not_an_export())
    version = document.get("version")
    if isinstance(version, bool) or version not in range(1, VERSION + 1):
        raise ImportRefused(_("This export comes from an unknown version of careerbuilder."))
    while version < VERSION:  # older exports still import, brought up to date step by step
        document = UPGRADES[version](document)
        version += 1
    return document


def _scores_only_for_written_horizons(document: dict) -> dict:
    """Version 1 scored every horizon, written or not; version 2 leaves unwritten ones empty."""
    horizons = document.get("horizons")
    written = {
        row.get("years")
        for row in (horizons if isinstance(horizons, list) else [])
        if isinstance(row, dict) and isinstance(row.get("statement"), str) and row["statement"]
    }
    ledger = document.get("ledger")
    for row in ledger if isinstance(ledger, list) else []:
        if isinstance(row, dict):
            for years in (1, 5, 10, 20):
                if years not in written and f"score_{years}" in row:
                    row[f"score_{years}"] = None
    return {**document, "version": 2}


def _checkins_answer_their_commitment(document: dict) -> dict:
    """Version 2's check-ins had no answer to last time's commitment (none was given), and its
    steps no moment they were ticked (unknown)."""
    for area, defaults in (
        ("checkins", {"previous_step": "", "previous_step_outcome": ""}),
        ("steps", {"done_at": None}),
    ):
        rows = document.get(area)
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict):
                for name, value in defaults.items():
                    row.setdefault(name, value)
    return document


def _checkins_have_notes(document: dict) -> dict:
    """Version 3's check-ins had no notes, its steps no date (and it had no Inbox: an absent
    area is empty)."""
    for area, name, default in (("checkins", "notes", ""), ("steps", "due_on", None)):
        rows = document.get(area)
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict):
                row.setdefault(name, default)
    return document


def _checkins_remember_a_done_step(document: dict) -> dict:
    """Version 4's check-ins had no day their next step was ticked done (none was), and it had no
    Today list to snooze (an absent list is empty)."""
    rows = document.get("checkins")
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            row.setdefault("next_step_done_on", None)
    return document


def _opportunities(document: dict) -> dict:
    """Version 5 had no opportunities (absent lists are empty) nor their reminders' switch
    (on, its default)."""
    preference = document.get("reminder_preference")
    if isinstance(preference, dict):
        preference.setdefault("opportunities", True)
    return document


def _comments_and_record(document: dict) -> dict:
    """Version 6 held no comments and no career record (absent lists are empty)."""
    document.setdefault("comments", [])
    return document


def _mentoring_record(document: dict) -> dict:
    """Version 7 held no mentoring record nor cheers (absent lists are empty)."""
    for name in (
        "cheers",
        "mentoring_agreements",
        "agreement_horizons",
        "agreement_milestones",
        "mentoring_sessions",
        "talking_points",
        "action_items",
        "mentoring_reflections",
    ):
        document.setdefault(name, [])
    return document


# version: the step to the next one
UPGRADES = {
    1: _scores_only_for_written_horizons,
    2: _checkins_answer_their_commitment,
    3: _checkins_have_notes,
    4: _checkins_remember_a_done_step,
    5: _opportunities,
    6: _comments_and_record,
    7: _mentoring_record,
}


def account_is_empty(user) -> bool:
    return not any(
        model.objects.filter(**{owner_path: user}).exists()
        for model, owner_path, _fields in sections().values()
    )


# Links inside the document: a field naming another area's id. Ids in a document are only
# references inside it: every row is created anew, in the importer's account.
def reference_target(model, name: str) -> str | None:
    """The section whose ids `model`'s field `name` ("job_id") holds, from the foreign key it
    stands for: a new area's links need no list of their own."""
    if not name.endswith("_id"):
        return None
    field = model._meta.get_field(name.removesuffix("_id"))
    if not field.many_to_one:
        return None
    return next(
        (
            section.name
            for section in export_sections()
            if section.model_class is field.related_model
        ),
        None,
    )


RANKED = {"values": None, "steps": "milestone_id"}  # numbered 1..n again, per list
RHYTHM_FIELDS = ["checkin_cadence", "checkin_weekday", "checkin_hour"]
# every setting a person chose (not when a snooze ends, nor whose they are), so a new reminder
# kind's switch travels with the export without being listed here
PREFERENCE_FIELDS = [
    field.name
    for field in ReminderPreference._meta.concrete_fields
    if field.name not in ("id", "user", "snoozed_until")
]
PROBLEMS_SHOWN = 50


class _BadValue(ValueError):
    """What is wrong with a value, said of its field: "must be text"."""

    def of(self, field: str) -> str:
        return _("%(field)s %(problem)s") % {"field": field, "problem": self}


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _typed(field, value):
    """`value` from the JSON document as `field` stores it, or _BadValue saying what is wrong."""
    if value is None:
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        raise _BadValue(_("is required"))
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise _BadValue(_("must be true or false"))
        return value
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise _BadValue(_("must be text"))
        return value
    if isinstance(field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _BadValue(_("must be a whole number"))
        return value
    if isinstance(field, models.DecimalField):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _BadValue(_("must be a number"))
    elif isinstance(field, models.DateTimeField | models.DateField) and not isinstance(value, str):
        raise _BadValue(_("must be a date written as YYYY-MM-DD"))
    try:
        typed = field.to_python(value)
    except (ValidationError, ValueError, ArithmeticError) as error:
        raise _BadValue(_("is not valid")) from error
    if isinstance(typed, datetime.datetime) and timezone.is_naive(typed):
        typed = timezone.make_aware(typed, datetime.UTC)
    return typed


def _problem_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class _Import:
    """One import: builds every row from its area's allowlisted fields, validates it as the
    form it mirrors would (the model's validators, clean() and constraints), owns it by the
    importer, and collects every bad row rather than stopping at the first."""

    def __init__(self, user, document: dict):
        self.user, self.document = user, document
        self.problems: list[str] = []
        self.new_ids: dict[str, dict[int, int]] = {}
        self.failed: set[tuple[str, int]] = set()  # rows with a problem, by area and id

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def section(self, name: str) -> list:
        rows = self.document.get(name, [])
        if rows is None:
            return []
        if not isinstance(rows, list):
            self.problem(name, _("must be a list"))
            return []
        return rows

    def run(self) -> dict[str, int]:
        self.check_size()
        self.vision()
        self.new_ids["tags"] = self.rows("tags", Tag, ["name"], owner_field="owner")
        for area, (model, owner_path, fields) in sections().items():
            owner_field = None if "__" in owner_path else owner_path
            self.new_ids[area] = self.rows(area, model, fields, owner_field=owner_field)
        for name, link in links().items():
            self.links(name, link)
        self.preference()
        self.snoozes()
        self.comments()
        if self.problems:
            shown = self.problems[:PROBLEMS_SHOWN]
            if len(self.problems) > PROBLEMS_SHOWN:
                more = len(self.problems) - PROBLEMS_SHOWN
                shown.append(_("… and %(count)d more.") % {"count": more})
            count = len(self.problems)
            raise ImportRefused(
                ngettext(
                    "Nothing was imported: %(count)d problem(s) in this export.",
                    "Nothing was imported: %(count)d problem(s) in this export.",
                    count,
                )
                % {"count": count},
                shown,
            )
        counts = {area: len(self.new_ids[area]) for area in sections()}
        counts["comments"] = len(self.new_ids["comments"])
        # an Inbox entry whose address a contact has is a conversation with that contact
        settled = inbox_settle(owner=self.user)
        counts["inbox"] -= settled
        counts["interactions"] += settled
        vision_revision_record(owner=self.user)
        plan_changed(owner_id=self.user.pk)  # the links were bulk-inserted, without signals
        return counts

    def check_size(self) -> None:
        sizes = [
            len(rows)
            for name in ["tags", *sections(), *links(), "today_snoozes", "comments"]
            if isinstance(rows := self.document.get(name), list)
        ]
        if sum(sizes) > IMPORT_ROWS:
            raise ImportRefused(
                _("This export has %(rows)s rows; an import takes at most %(limit)s.")
                % {
                    "rows": number_format(sum(sizes), force_grouping=True),
                    "limit": number_format(IMPORT_ROWS, force_grouping=True),
                }
            )

    def vision(self) -> None:
        vision = self.document.get("vision") or {}
        text = vision.get("beyond_the_paycheck", "") if isinstance(vision, dict) else None
        if not isinstance(text, str):
            self.problem("vision", _BadValue(_("must be text")).of("beyond_the_paycheck"))
            return
        obj = Vision.objects.filter(owner=self.user).first() or Vision(owner=self.user)
        obj.beyond_the_paycheck = text
        self.save("vision", obj)

    def save(self, where: str, obj, *, exclude=()) -> bool:
        """Saves `obj` if it is valid; whatever is saved goes again if any row has a problem
        (import_zip's transaction is rolled back), but the rest is still checked and reported."""
        try:
            obj.full_clean(exclude=list(exclude))
        except ValidationError as error:
            self.problem(where, _problem_text(error))
            return False
        obj.save()
        return True

    def rows(self, area: str, model, fields: list[str], *, owner_field) -> dict[int, int]:
        ids: dict[int, int] = {}
        rows = self.section(area)
        if area in RANKED:
            rows = self.ranked(area, rows)
        row_at = _("%(section)s, row %(number)d")  # translated once, not once a row
        for number, row in enumerate(rows, start=1):
            where = row_at % {"section": area, "number": number}
            if not isinstance(row, dict):
                self.problem(where, _("must be an object"))
                continue
            key = row.get("id")
            if isinstance(key, bool) or not isinstance(key, int):
                self.problem(where, _("needs a whole-number id"))
                continue
            if key in ids:
                self.problem(where, _("the id %(id)d is used twice") % {"id": key})
                continue
            obj = self.build(where, model, fields, row)
            if obj is None:
                continue
            if owner_field:
                setattr(obj, owner_field, self.user)
            created_at = getattr(obj, "created_at", None) if area == "checkins" else None
            if self.save(where, obj):
                if created_at:  # saving stamps it with now: the export's moment goes back
                    model.objects.filter(pk=obj.pk).update(created_at=created_at)
                ids[key] = obj.pk
            else:
                self.failed.add((area, key))
        return ids

    def ranked(self, area: str, rows: list) -> list:
        """Values and steps in their document order by position, numbered 1..n per list."""
        good = [row for row in rows if isinstance(row, dict)]
        group = RANKED[area]

        def rank(row):
            position = row.get("position")
            number = position if isinstance(position, int) and not isinstance(position, bool) else 0
            return (str(row.get(group)) if group else "", number)

        counters: dict[str, int] = {}
        for row in sorted(good, key=rank):
            key = str(row.get(group)) if group else ""
            counters[key] = counters.get(key, 0) + 1
            row["position"] = counters[key]
        return rows

    def build(self, where: str, model, fields: list[str], row: dict):
        values, ok = {}, True
        for name in fields:
            if target := reference_target(model, name):
                reference = row.get(name)
                if reference is None:
                    values[name] = None
                    continue
                ok = False
                if isinstance(reference, bool) or not isinstance(reference, int):
                    self.problem(
                        where,
                        _("%(field)s must be the id of a row in “%(section)s”")
                        % {"field": name, "section": target},
                    )
                elif reference in self.new_ids[target]:
                    values[name], ok = self.new_ids[target][reference], True
                elif (target, reference) not in self.failed:  # else reported with that row
                    self.problem(
                        where,
                        _("%(field)s %(id)s names no row in “%(section)s”")
                        % {"field": name, "id": reference, "section": target},
                    )
                continue
            field = model._meta.get_field(name)
            if name not in row:
                continue  # the model's default, as a form left blank would give
            try:
                values[name] = _typed(field, row[name])
            except _BadValue as error:
                self.problem(where, error.of(name))
                ok = False
        return model(**values) if ok else None

    def links(self, name: str, link: ExportLink) -> None:
        through, source, target = link.through, link.source, link.target
        source_ids, target_ids = (
            self.new_ids[link.source_section],
            self.new_ids[link.target_section],
        )
        pairs, seen = [], set()
        row_at = _("%(section)s, row %(number)d")
        for number, pair in enumerate(self.section(name), start=1):
            where = row_at % {"section": name, "number": number}
            known = (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
                and pair[0] in source_ids
                and pair[1] in target_ids
            )
            if not known:
                self.problem(
                    where,
                    _("must be a pair of ids from “%(source)s” and “%(target)s”")
                    % {"source": link.source_section, "target": link.target_section},
                )
                continue
            new = (source_ids[pair[0]], target_ids[pair[1]])
            if new not in seen:
                seen.add(new)
                pairs.append(through(**{f"{source}_id": new[0], f"{target}_id": new[1]}))
        if not self.problems:
            through.objects.bulk_create(pairs)

    def preference(self) -> None:
        row = self.document.get("reminder_preference")
        if row is None:
            return
        if not isinstance(row, dict):
            self.problem("reminder_preference", _("must be an object"))
            return
        # the importer's own settings, no other: the rows are looked up by the importer
        preference, rhythm = preference_for(user=self.user), rhythm_for(user=self.user)
        for obj, fields in ((rhythm, RHYTHM_FIELDS), (preference, PREFERENCE_FIELDS)):
            for name in fields:
                if name in row:
                    try:
                        setattr(obj, name, _typed(obj._meta.get_field(name), row[name]))
                    except _BadValue as error:
                        self.problem("reminder_preference", error.of(name))
            self.save("reminder_preference", obj, exclude=["user"])

    def snoozes(self) -> None:
        rows = self.document.get("today_snoozes") or []
        if not isinstance(rows, list):
            self.problem("today_snoozes", _("must be a list"))
            return
        for number, row in enumerate(rows, start=1):
            where = _("today_snoozes row %(number)d") % {"number": number}
            if not isinstance(row, dict):
                self.problem(where, _("must be an object"))
                continue
            snooze = TodaySnooze(owner=self.user)
            try:
                snooze.key = _typed(TodaySnooze._meta.get_field("key"), row.get("key"))
                snooze.until = _typed(TodaySnooze._meta.get_field("until"), row.get("until"))
            except _BadValue as error:
                self.problem(where, str(error))
                continue
            self.save(where, snooze, exclude=["owner"])

    def comments(self) -> None:
        """Each comment under its item's new row. The owner's are the importer's; anyone
        else's keep the author as text, with no account: no mentorship comes back with them."""
        kinds = commented_sections()
        # export id → (the new pk of its thread's first comment, the item it is on)
        ids: dict[int, tuple[int, tuple]] = {}
        self.new_ids["comments"] = {}
        for number, row in enumerate(self.section("comments"), start=1):
            where = _("comments, row %(number)d") % {"number": number}
            if not isinstance(row, dict):
                self.problem(where, _("must be an object"))
                continue
            key = row.get("id")
            if not _whole(key) or key in ids:
                self.problem(where, _("needs a whole-number id of its own"))
                continue
            comment = self.comment(where, row, kinds, ids)
            if comment is None:
                continue
            created_at = comment.created_at
            exclude = ["body"] if comment.deleted_at else []
            if self.save(where, comment, exclude=exclude):
                if created_at:  # saving stamps it with now: the export's moment goes back
                    Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
                item = (comment.content_type_id, comment.object_id)
                ids[key] = (comment.parent_id or comment.pk, item)  # one level of replies
                self.new_ids["comments"][key] = comment.pk

    def comment(self, where: str, row: dict, kinds: dict, ids: dict) -> Comment | None:
        section, item_id = row.get("section"), row.get("item_id")
        if not isinstance(section, str) or section not in kinds:
            self.problem(
                where, _("section must be one of: %(kinds)s") % {"kinds": ", ".join(kinds)}
            )
            return None
        model = kinds[section]
        if not _whole(item_id) or item_id not in self.new_ids[section]:
            if not (_whole(item_id) and (section, item_id) in self.failed):  # else reported
                self.problem(
                    where,
                    _("item_id %(id)s names no row in “%(section)s”")
                    % {"id": str(item_id)[:20], "section": section},
                )
            return None
        content_type = ContentType.objects.get_for_model(model)
        item = (content_type.pk, self.new_ids[section][item_id])
        parent = row.get("parent_id")
        if parent is not None:
            if not _whole(parent) or parent not in ids or ids[parent][1] != item:
                self.problem(where, _("parent_id must be an earlier comment on the same item"))
                return None
            parent = ids[parent][0]
        by_owner = row.get("by_owner")
        if not isinstance(by_owner, bool):
            self.problem(where, _("by_owner must be true or false"))
            return None
        comment = Comment(
            plan_owner=self.user,
            content_type=content_type,
            object_id=item[1],
            area=shared_area(model),
            parent_id=parent,
            author=self.user if by_owner else None,
        )
        names = COMMENT_FIELDS if by_owner else [*COMMENT_FIELDS, "author_name", "author_email"]
        ok = True
        for name in names:
            if name in row:
                try:
                    setattr(comment, name, _typed(Comment._meta.get_field(name), row[name]))
                except _BadValue as error:
                    self.problem(where, error.of(name))
                    ok = False
        if comment.deleted_at:
            comment.body = ""  # a deleted comment keeps only its place in the thread
        return comment if ok else None


@transaction.atomic
def import_zip(user, data: bytes) -> dict[str, int]:
    """Restores an export into an empty account; all or nothing. Returns counts per area."""
    document = _read_document(data)
    if not account_is_empty(user):
        raise ImportRefused(_("Import only into an empty account: this one already has a plan."))
    return _Import(user, document).run()
