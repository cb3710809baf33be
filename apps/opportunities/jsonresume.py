"""A job posting in JSON Resume's job schema (jsonresume.org/job-schema) as an opportunity's
fields. The schema is small and flat: read with the standard library's json, each field checked
for its type, so a posting from any tool imports or is refused with a reason."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import OpportunityKind

TEXT_FIELDS = ("title", "company", "type", "date", "description", "remote", "salary", "experience")


def _text(document: dict, name: str) -> str:
    value = document.get(name, "")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(_("“%(name)s” must be text.") % {"name": name})
    return str(value).strip()


def _list(document: dict, name: str) -> list[str]:
    value = document.get(name) or []
    if not isinstance(value, list):
        raise ValidationError(_("“%(name)s” must be a list.") % {"name": name})
    items = []
    for item in value:
        if isinstance(item, dict):  # skills: {"name", "level", "keywords"}
            item = item.get("name") or ""
        if not isinstance(item, str):
            raise ValidationError(_("“%(name)s” must be a list of text.") % {"name": name})
        if item.strip():
            items.append(item.strip())
    return items


def _place(document: dict) -> str:
    location = document.get("location") or {}
    if isinstance(location, str):
        return location.strip()
    if not isinstance(location, dict):
        raise ValidationError(_("“location” must be an object."))
    parts = [location.get(key) for key in ("city", "region", "countryCode")]
    return ", ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def _link(document: dict) -> str:
    meta = document.get("meta") if isinstance(document.get("meta"), dict) else {}
    for candidate in (document.get("url"), meta.get("canonical")):
        if isinstance(candidate, str) and candidate.startswith(("https://", "http://")):
            return candidate.strip()
    return ""


def _encodable(value):
    """Every text in the document as UTF-8 can store it: JSON's escapes can write a lone
    surrogate ("\\ud800"), which no database column takes."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValidationError(_("The file holds text that is not valid Unicode.")) from error
    elif isinstance(value, dict):
        for key, item in value.items():
            _encodable(key)
            _encodable(item)
    elif isinstance(value, list):
        for item in value:
            _encodable(item)


def job_fields(data: bytes) -> dict:
    """The opportunity a job-schema document describes, or ValidationError saying what is
    wrong with the file."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ValidationError(_("This file is not JSON.")) from error
    if not isinstance(document, dict):
        raise ValidationError(_("A job is one JSON object, as the job schema describes it."))
    _encodable(document)
    text = {name: _text(document, name) for name in TEXT_FIELDS}
    if not text["title"]:
        raise ValidationError(_("The job has no title."))
    facts = [
        (_("Type"), text["type"]),
        (_("Where"), _place(document)),
        (_("Remote"), text["remote"]),
        (_("Salary"), text["salary"]),
        (_("Experience"), text["experience"]),
        (_("Posted"), text["date"]),
    ]
    sections = [text["description"]]
    sections.append("\n".join(f"- **{label}:** {value}" for label, value in facts if value))
    for label, name in (
        (_("Responsibilities"), "responsibilities"),
        (_("Qualifications"), "qualifications"),
        (_("Skills"), "skills"),
    ):
        if items := _list(document, name):
            sections.append(f"**{label}**\n\n" + "\n".join(f"- {item}" for item in items))
    return {
        "kind": OpportunityKind.ROLE,
        "title": text["title"],
        "organisation": text["company"],
        "link": _link(document),
        "source": _("JSON Resume job"),
        "description": "\n\n".join(section for section in sections if section),
    }
