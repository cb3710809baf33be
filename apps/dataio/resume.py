"""The career record as a JSON Resume document (jsonresume.org, schema v1.0.0): the career
history with each job's highlights (the impact of milestones done while it lasted),
certificates, courses, projects and skills. Whatever the schema has no field for (the horizons,
the values, what a job gives toward them) goes under `meta`, as the schema asks.

Written with the standard library: the document is a small dict; tests/dataio validates it
against the schema with jsonschema."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.learning.models import LearningItem, LearningKind, LearningStatus, Skill
from apps.milestones.models import Milestone, MilestoneKind, MilestoneStatus
from apps.network.models import Contact
from apps.record import render
from apps.vision.models import Horizon, Job, Value, Vision

User = get_user_model()
SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
LEVELS = {1: "Beginner", 2: "Elementary", 3: "Intermediate", 4: "Advanced", 5: "Expert"}
# the levels as a résumé says them to people (the JSON Resume keeps the English words)
LEVEL_LABELS = {
    "Beginner": gettext_lazy("Beginner"),
    "Elementary": gettext_lazy("Elementary"),
    "Intermediate": gettext_lazy("Intermediate"),
    "Advanced": gettext_lazy("Advanced"),
    "Expert": gettext_lazy("Expert"),
}


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(entry: dict) -> dict:
    """The entry without empty values: the schema wants a date or nothing."""
    return {key: value for key, value in entry.items() if value not in (None, "", [])}


def _highlights(job: Job, done: list[Milestone]) -> list[str]:
    """The impact of the milestones done while the job lasted."""
    end = job.end_date or datetime.date.max
    return [
        f"{milestone.title}: {milestone.impact}"
        for milestone in done
        if milestone.closed_on and job.start_date <= milestone.closed_on <= end
    ]


def resume_document(user, *, now: datetime.datetime) -> dict:
    vision = Vision.objects.filter(owner=user).first()
    done = list(
        Milestone.objects.filter(owner=user, status=MilestoneStatus.DONE)
        .exclude(impact="")
        .order_by("-closed_on", "-pk")
    )
    jobs = list(Job.objects.filter(owner=user).prefetch_related("ledger_entries"))
    learning = list(LearningItem.objects.filter(owner=user).order_by("-started_on", "title"))
    document = {
        "$schema": SCHEMA,
        "basics": _clean(
            {
                "name": user.display_name,
                "label": user.headline,
                "email": user.email,
                "summary": vision.beyond_the_paycheck if vision else "",
            }
        ),
        "work": [
            _clean(
                {
                    "name": job.organisation,
                    "position": job.title,
                    "location": job.location,
                    "summary": job.description,
                    "startDate": _date(job.start_date),
                    "endDate": _date(job.end_date),
                    "highlights": _highlights(job, done),
                }
            )
            for job in jobs
        ],
        "education": [
            _clean(
                {
                    "institution": item.provider or item.title,
                    "area": item.title,
                    "studyType": item.get_kind_display(),
                    "startDate": _date(item.started_on),
                    "endDate": _date(item.finished_on),
                }
            )
            for item in learning
            if item.kind == LearningKind.COURSE and item.status == LearningStatus.DONE
        ],
        "certificates": [
            _clean(
                {
                    "name": item.title,
                    "issuer": item.provider,
                    "date": _date(item.issued_on or item.finished_on),
                    "url": item.link,
                }
            )
            for item in learning
            if item.kind == LearningKind.CERTIFICATION
        ],
        "projects": [
            _clean(
                {
                    "name": item.title,
                    "entity": item.provider,
                    "startDate": _date(item.started_on),
                    "endDate": _date(item.finished_on),
                    "url": item.link,
                }
            )
            for item in learning
            if item.kind == LearningKind.PROJECT
        ],
        "skills": [
            _clean({"name": skill.name, "level": LEVELS.get(skill.current_level, "")})
            for skill in Skill.objects.filter(owner=user)
        ],
        "meta": {
            "version": "v1.0.0",
            "lastModified": now.replace(microsecond=0).isoformat(),
            "canonical": settings.SITE_URL,
            "careerbuilder": {
                "horizons": [
                    _clean(
                        {
                            "years": horizon.years,
                            "statement": horizon.statement,
                            "targetRole": horizon.target_role,
                            "northStar": horizon.is_north_star or None,
                        }
                    )
                    for horizon in Horizon.objects.filter(owner=user).exclude(statement="")
                ],
                "values": [value.name for value in Value.objects.filter(owner=user)],
                "ledger": [
                    _clean(
                        {
                            "job": f"{job.title} at {job.organisation}",
                            "asOf": _date(entry.recorded_on),
                            "skills": entry.skills,
                            "connections": entry.connections,
                            "knowledge": entry.knowledge,
                        }
                    )
                    for job in jobs
                    for entry in job.ledger_entries.all()
                ],
            },
        },
    }
    return {key: value for key, value in document.items() if value not in ([], {})}


def _span(entry: dict) -> str:
    start, end = render.month_year(entry.get("startDate")), render.month_year(entry.get("endDate"))
    if start and not end:
        return _("%(start)s to now") % {"start": start}
    return " – ".join(part for part in (start, end) if part)


def _level(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def resume_printable(document: dict) -> render.Document:
    """A JSON Resume document as a résumé to write out as Markdown, DOCX or PDF: the sections
    an applicant tracking system looks for, in its usual order, one date format."""
    basics = document.get("basics", {})
    contact = " · ".join(part for part in (basics.get("label"), basics.get("email")) if part)
    sections = []
    if basics.get("summary"):
        sections.append(render.Section(_("Summary"), basics["summary"]))
    sections.append(
        render.Section(
            _("Experience"),
            entries=[
                render.Entry(
                    f"{job['position']}, {job['name']}",
                    ", ".join(part for part in (_span(job), job.get("location")) if part),
                    bullets=[
                        *([job["summary"]] if job.get("summary") else []),
                        *job.get("highlights", []),
                    ],
                )
                for job in document.get("work", [])
            ],
        )
    )
    sections.append(
        render.Section(
            _("Education"),
            entries=[
                render.Entry(f"{item.get('area', '')}, {item['institution']}", _span(item))
                for item in document.get("education", [])
            ],
        )
    )
    sections.append(
        render.Section(
            _("Certifications"),
            entries=[
                render.Entry(
                    ", ".join(part for part in (item["name"], item.get("issuer")) if part),
                    render.month_year(item.get("date")),
                    item.get("url", ""),
                )
                for item in document.get("certificates", [])
            ],
        )
    )
    sections.append(
        render.Section(
            _("Projects"),
            entries=[
                render.Entry(item["name"], _span(item), item.get("url", ""))
                for item in document.get("projects", [])
            ],
        )
    )
    sections.append(
        render.Section(
            _("Skills"),
            entries=[
                render.Entry(skill["name"], _level(skill.get("level", "")))
                for skill in document.get("skills", [])
            ],
        )
    )
    return render.Document(
        basics.get("name", ""),
        contact,
        [section for section in sections if section.entries or section.intro],
    )


# --- in: a JSON Resume file read into rows, shown before anything is saved, then accepted ---

MAX_RESUME_BYTES = 1024 * 1024
LEVEL_OF = {name.lower(): number for number, name in LEVELS.items()}


class ResumeRefused(ValueError):
    """The file cannot be read as a JSON Resume; the message says why."""


def _day(value, where: str, problems: list[str]) -> str | None:
    """A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) as an ISO date, a partial one as its
    first day; None when absent; a problem when it does not parse."""
    if value in (None, ""):
        return None
    text = value if isinstance(value, str) else ""
    parts = text.split("-") if len(text) <= 10 else []
    try:
        if not parts or not all(part.isdigit() for part in parts) or len(parts) > 3:
            raise ValueError
        day = datetime.date(*[int(part) for part in parts], *[1] * (3 - len(parts)))
    except (TypeError, ValueError):
        problems.append(
            _("%(where)s: the date “%(date)s” is not YYYY, YYYY-MM or YYYY-MM-DD")
            % {"where": where, "date": str(value)[:20]}
        )
        return None
    return day.isoformat()


def _text(entry: dict, name: str) -> str:
    value = entry.get(name)
    return value.strip() if isinstance(value, str) else ""


def _entries(document: dict, section: str, problems: list[str]) -> list[tuple[str, dict]]:
    rows = document.get(section) or []
    if not isinstance(rows, list):
        problems.append(_("%(where)s: must be a list") % {"where": section})
        return []
    found = []
    row_at = _("%(section)s, row %(number)d")
    for number, entry in enumerate(rows, start=1):
        where = row_at % {"section": section, "number": number}
        if isinstance(entry, dict):
            found.append((where, entry))
        else:
            problems.append(_("%(where)s: must be an object") % {"where": where})
    return found


def _checked(where: str, obj, problems: list[str]) -> bool:
    """Whether the row is valid as the form that makes it would find it. The constraints that
    need the database (a job ending after it starts, one skill per name) are left to the
    services at acceptance: the model's own clean() says the same without a query, so a file's
    preview costs a few queries whatever its length."""
    try:
        obj.full_clean(exclude=["owner"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        detail = "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
        problems.append(f"{where}: {detail}")
        return False
    return True


def job_row(
    where: str,
    problems: list[str],
    *,
    title,
    organisation,
    start,
    end,
    location: str = "",
    description: str = "",
):
    """A job the file holds, as a preview row (matched later, see match_rows), or None with its
    problem noted."""
    if start is None:
        if not any(problem.startswith(f"{where}:") for problem in problems):
            problems.append(_("%(where)s: a job needs its start date") % {"where": where})
        return None
    job = Job(
        title=title,
        organisation=organisation,
        start_date=start,
        end_date=end,
        location=location,
        description=description,
    )
    if not _checked(where, job, problems):
        return None
    return {
        "kind": "job",
        "where": where,
        "title": job.title,
        "organisation": job.organisation,
        "start_date": start,
        "end_date": end,
        "location": job.location,
        "description": job.description,
    }


def skill_row(where: str, problems: list[str], *, name: str, level: int = 3):
    skill = Skill(name=name, current_level=level, target_level=max(level, 3))
    if not _checked(where, skill, problems):
        return None
    return {"kind": "skill", "where": where, "name": skill.name, "level": level}


def learning_row(where: str, problems: list[str], *, kind: str, **fields):
    """A certification, a course or a project done."""
    item = LearningItem(kind=kind, status=LearningStatus.DONE, **fields)
    if not _checked(where, item, problems):
        return None
    return {
        "kind": kind,
        "where": where,
        "title": item.title,
        "provider": item.provider,
        "link": item.link,
        "started_on": _date(item.started_on),
        "finished_on": _date(item.finished_on),
        "issued_on": _date(item.issued_on),
        "expires_on": _date(item.expires_on),
        "licence_number": item.licence_number,
    }


def milestone_row(where: str, problems: list[str], *, title, closed_on, **fields):
    """Something achieved (an honour, a stint of volunteering): a milestone done on the day it
    ended, or one in progress while it goes on."""
    status = MilestoneStatus.DONE if closed_on else MilestoneStatus.IN_PROGRESS
    values = {"description": "", "impact": "", **fields}
    milestone = Milestone(
        horizon=1,
        kind=MilestoneKind.GOAL,
        title=title,
        status=status,
        closed_on=closed_on,
        target_date=closed_on,
        progress=100 if closed_on else 0,
        **values,
    )
    if not _checked(where, milestone, problems):
        return None
    return {
        "kind": "milestone",
        "where": where,
        "kind_of_milestone": MilestoneKind.GOAL,
        "title": milestone.title,
        "status": status,
        "closed_on": closed_on,
        **values,
    }


def profile_rows(where: str, problems: list[str], *, headline: str, summary: str) -> list:
    """The headline (the account's) and the summary (the vision's "beyond the paycheck")."""
    rows = []
    if headline:
        field = User._meta.get_field("headline")
        try:
            field.clean(headline, None)
        except ValidationError as error:
            problems.append(f"{where}: headline: {' '.join(error.messages)}")
        else:
            rows.append({"kind": "headline", "where": where, "text": headline})
    if summary and _checked(where, Vision(beyond_the_paycheck=summary), problems):
        rows.append({"kind": "summary", "where": where, "text": summary})
    return rows


def _key(row: dict) -> tuple:
    """What makes two rows, or a row and an item of the plan, the same thing."""
    kind = row["kind"]
    if kind == "job":
        start = datetime.date.fromisoformat(row["start_date"])
        return (kind, row["organisation"].lower(), row["title"].lower(), start.year, start.month)
    if kind == "skill":
        return (kind, row["name"].lower())
    if kind == "milestone":
        return (kind, row["title"].lower())
    if kind == "contact":
        return (kind, row["name"].lower())
    if kind in ("headline", "summary"):
        return (kind,)
    return (kind, row["title"].lower(), row["provider"].lower())


def _known(user) -> dict[tuple, int]:
    """The keys of what the plan has already, each with its item: one query per kind of item,
    however long the file."""
    known: dict[tuple, int] = {}
    for pk, organisation, title, start in Job.objects.filter(owner=user).values_list(
        "pk", "organisation", "title", "start_date"
    ):
        known.setdefault(("job", organisation.lower(), title.lower(), start.year, start.month), pk)
    for pk, name in Skill.objects.filter(owner=user).values_list("pk", "name"):
        known.setdefault(("skill", name.lower()), pk)
    for pk, kind, title, provider in LearningItem.objects.filter(owner=user).values_list(
        "pk", "kind", "title", "provider"
    ):
        known.setdefault((kind, title.lower(), provider.lower()), pk)
    for pk, title in Milestone.objects.filter(owner=user).values_list("pk", "title"):
        known.setdefault(("milestone", title.lower()), pk)
    return known


def match_rows(user, rows: list, problems: list[str]) -> list[dict]:
    """The rows that were read, each with what it matches in the plan already (`matches`, the
    item's key, or None); a row the file holds twice is kept once, the other reported."""
    known = _known(user)
    contacts = ContactMatcher(user) if any(r and r["kind"] == "contact" for r in rows) else None
    if any(r and r["kind"] in ("headline", "summary") for r in rows):
        vision = Vision.objects.filter(owner=user).first()
        if user.headline:
            known[("headline",)] = user.pk
        if vision and vision.beyond_the_paycheck:
            known[("summary",)] = user.pk
    seen: dict[tuple, str] = {}
    matched = []
    for row in rows:
        if row is None:
            continue
        if row["kind"] == "contact":
            if earlier := contacts.earlier_row(row):
                _combine(earlier, row)
                continue
            row["matches"] = contacts.existing(row)
        else:
            key = _key(row)
            if key in seen:
                problems.append(
                    _("%(where)s: the same as %(first)s, read once")
                    % {"where": row["where"], "first": seen[key]}
                )
                continue
            seen[key] = row["where"]
            row["matches"] = known.get(key)
        matched.append(row)
    return matched


def _profile_key(url: str) -> str:
    return url.strip().rstrip("/").lower()


class ContactMatcher:
    """Finds the contact a contact row is already, by profile link, email address or name (a
    contact with another profile link is someone else of the same name), and the row of the
    same file for the same person (a recommendation from a connection): the owner's contacts
    are read once, in one query."""

    def __init__(self, user):
        self.by_url, self.by_email, self.by_name = {}, {}, {}
        self.url_of_name = {}
        for pk, url, email, name in Contact.objects.filter(owner=user).values_list(
            "pk", "profile_url", "email", "name"
        ):
            self._remember(pk, name, url, email)
        self.rows: dict[tuple, dict] = {}

    def _remember(self, pk, name: str, url: str, email: str) -> None:
        if url:
            self.by_url.setdefault(_profile_key(url), pk)
        if email:
            self.by_email.setdefault(email.lower(), pk)
        if not url:
            self.by_name.setdefault(name.lower(), pk)

    def _keys(self, row: dict) -> list[tuple]:
        url, email = _profile_key(row["profile_url"]), row["email"].lower()
        keys = [("url", url)] if url else []
        keys += [("email", email)] if email else []
        return keys or [("name", row["name"].lower())]

    def earlier_row(self, row: dict) -> dict | None:
        """The row of this file for the same person, if one came before; else remembers this."""
        keys = self._keys(row)
        name = ("name", row["name"].lower())
        for key in [*keys, name]:
            earlier = self.rows.get(key)
            if earlier and (key != name or not (earlier["profile_url"] and row["profile_url"])):
                return earlier
        for key in [*keys, name]:
            self.rows.setdefault(key, row)
        return None

    def existing(self, row: dict) -> int | None:
        url, email = _profile_key(row["profile_url"]), row["email"].lower()
        return (
            (url and self.by_url.get(url))
            or (email and self.by_email.get(email))
            or self.by_name.get(row["name"].lower())
            or None
        )


def _combine(first: dict, later: dict) -> None:
    """Two rows of one file for the same person, as one: the first's blanks filled, the notes
    of both kept."""
    for name in ("email", "profile_url", "organisation", "role", "where_met"):
        first[name] = first[name] or later[name]
    first["notes"] = "\n\n".join(note for note in (first["notes"], later["notes"]) if note)


def contact_row(where: str, problems: list[str], **fields):
    """A person of the network (a connection, who recommended you)."""
    values = {
        "name": "",
        "email": "",
        "profile_url": "",
        "organisation": "",
        "role": "",
        "where_met": "",
        "notes": "",
        **fields,
    }
    if not _checked(where, Contact(**values), problems):
        return None
    return {"kind": "contact", "where": where, **values}


def resume_rows(user, data: bytes) -> tuple[list[dict], list[str]]:
    """What a JSON Resume file would add to `user`'s plan, each row saying what it matches
    already, and the problems of the rows it cannot take."""
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeRefused(_("The file is larger than 1 MB."))
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ResumeRefused(_("This file is not JSON.")) from error
    if not isinstance(document, dict) or not any(
        key in document for key in ("work", "skills", "certificates", "education", "basics")
    ):
        raise ResumeRefused(_("This is not a JSON Resume (resume.json) file."))
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ResumeRefused(_("The file holds text that is not valid Unicode.")) from error
    rows, problems = [], []
    for where, entry in _entries(document, "work", problems):
        rows.append(
            job_row(
                where,
                problems,
                title=_text(entry, "position"),
                organisation=_text(entry, "name") or _text(entry, "company"),
                start=_day(entry.get("startDate"), where, problems),
                end=_day(entry.get("endDate"), where, problems),
                location=_text(entry, "location"),
                description=_text(entry, "summary"),
            )
        )
    for where, entry in _entries(document, "skills", problems):
        level = LEVEL_OF.get(_text(entry, "level").lower(), 3)
        rows.append(skill_row(where, problems, name=_text(entry, "name"), level=level))
    for where, entry in _entries(document, "certificates", problems):
        rows.append(
            learning_row(
                where,
                problems,
                kind=LearningKind.CERTIFICATION,
                title=_text(entry, "name"),
                provider=_text(entry, "issuer"),
                link=_text(entry, "url"),
                issued_on=_day(entry.get("date"), where, problems),
            )
        )
    for where, entry in _entries(document, "education", problems):
        rows.append(
            learning_row(
                where,
                problems,
                kind=LearningKind.COURSE,
                title=_text(entry, "area") or _text(entry, "institution"),
                provider=_text(entry, "institution"),
                link=_text(entry, "url"),
                started_on=_day(entry.get("startDate"), where, problems),
                finished_on=_day(entry.get("endDate"), where, problems),
            )
        )
    return match_rows(user, rows, problems), problems
