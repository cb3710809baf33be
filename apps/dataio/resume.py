"""The career record as a JSON Resume document (jsonresume.org, schema v1.0.0): the career
history with each job's highlights (the impact of milestones done while it lasted),
certificates, courses, projects and skills. Whatever the schema has no field for (the horizons,
the values, what a job gives toward them) goes under `meta`, as the schema asks.

Written with the standard library: the document is a small dict; tests/dataio validates it
against the schema with jsonschema."""

import datetime

from django.conf import settings

from apps.learning.models import LearningItem, LearningKind, LearningStatus, Skill
from apps.milestones.models import Milestone, MilestoneStatus
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
