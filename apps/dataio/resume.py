"""The career record as a JSON Resume document (jsonresume.org, schema v1.0.0): the career
history with each job's highlights (the impact of milestones done while it lasted),
certificates, courses, projects and skills. Whatever the schema has no field for (the horizons,
the values, what a job gives toward them) goes under `meta`, as the schema asks.

Written with the standard library: the document is a small dict; tests/dataio validates it
against the schema with jsonschema."""

import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.learning.models import LearningItem, LearningKind, LearningStatus, Skill
from apps.milestones.models import Milestone, MilestoneStatus
from apps.record import render
from apps.vision.models import Horizon, Job, Value, Vision

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
LEVELS = {1: "Beginner", 2: "Elementary", 3: "Intermediate", 4: "Advanced", 5: "Expert"}


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
                    _span(job),
                    bullets=list(job.get("highlights", [])),
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
                render.Entry(skill["name"], skill.get("level", ""))
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
    for number, entry in enumerate(rows, start=1):
        where = f"{section}, row {number}"
        if isinstance(entry, dict):
            found.append((where, entry))
        else:
            problems.append(_("%(where)s: must be an object") % {"where": where})
    return found


def _checked(where: str, obj, problems: list[str]) -> bool:
    """Whether the row is valid as the form that makes it would find it."""
    try:
        obj.full_clean(exclude=["owner"])
    except ValidationError as error:
        detail = "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
        problems.append(f"{where}: {detail}")
        return False
    return True


def job_row(user, where: str, problems: list[str], *, title, organisation, start, end):
    """A job the file holds, as a preview row matched against the career history (the same
    company, title and start month), or None with its problem noted."""
    if start is None:
        if not any(problem.startswith(f"{where}:") for problem in problems):
            problems.append(_("%(where)s: a job needs its start date") % {"where": where})
        return None
    job = Job(title=title, organisation=organisation, start_date=start, end_date=end)
    if not _checked(where, job, problems):
        return None
    match = Job.objects.filter(
        owner=user,
        organisation__iexact=job.organisation,
        title__iexact=job.title,
        start_date__year=job.start_date.year,
        start_date__month=job.start_date.month,
    ).first()
    return {
        "kind": "job",
        "title": job.title,
        "organisation": job.organisation,
        "start_date": start,
        "end_date": end,
        "matches": match.pk if match else None,
    }


def skill_row(user, where: str, problems: list[str], *, name: str, level: int = 3):
    skill = Skill(name=name, current_level=level, target_level=max(level, 3))
    if not _checked(where, skill, problems):
        return None
    match = Skill.objects.filter(owner=user, name__iexact=skill.name).first()
    return {"kind": "skill", "name": skill.name, "level": level, "matches": match and match.pk}


def learning_row(user, where: str, problems: list[str], *, kind: str, **fields):
    """A certification or a course done, matched by name and issuer."""
    item = LearningItem(kind=kind, status=LearningStatus.DONE, **fields)
    if not _checked(where, item, problems):
        return None
    match = LearningItem.objects.filter(
        owner=user, kind=kind, title__iexact=item.title, provider__iexact=item.provider
    ).first()
    return {
        "kind": kind,
        "title": item.title,
        "provider": item.provider,
        "link": item.link,
        "started_on": _date(item.started_on),
        "finished_on": _date(item.finished_on),
        "issued_on": _date(item.issued_on),
        "expires_on": _date(item.expires_on),
        "matches": match.pk if match else None,
    }


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
                user,
                where,
                problems,
                title=_text(entry, "position"),
                organisation=_text(entry, "name") or _text(entry, "company"),
                start=_day(entry.get("startDate"), where, problems),
                end=_day(entry.get("endDate"), where, problems),
            )
        )
    for where, entry in _entries(document, "skills", problems):
        level = LEVEL_OF.get(_text(entry, "level").lower(), 3)
        rows.append(skill_row(user, where, problems, name=_text(entry, "name"), level=level))
    for where, entry in _entries(document, "certificates", problems):
        rows.append(
            learning_row(
                user,
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
                user,
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
    return [row for row in rows if row], problems
