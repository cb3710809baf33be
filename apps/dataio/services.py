import json

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind
from apps.accounts.services import private_address_replace

from . import portability, resume
from .models import CalendarFeed


def calendar_feed_regenerate(*, user, actor: Actor) -> CalendarFeed:
    """A new secret address (the first one, or one replacing the old, which stops working)."""
    return private_address_replace(
        model=CalendarFeed, user=user, actor=actor, detail="New private calendar address"
    )


def resume_export(*, user, actor: Actor, now) -> bytes:
    """The career record as JSON Resume (apps/dataio/resume.py); in the security log too."""
    document = resume.resume_document(user, now=now)
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user, detail="JSON Resume")
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def plan_export(*, user, actor: Actor) -> bytes:
    """The whole plan as a ZIP; exports are in the user's security log."""
    data = portability.export_zip(user)
    audit.record(kind=SecurityEventKind.EXPORTED, actor=actor, user=user)
    return data
