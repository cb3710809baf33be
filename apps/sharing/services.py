from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind

from .areas import SHAREABLE_AREAS, switch
from .models import Mentorship


@transaction.atomic
def mentorship_set_sharing(*, mentorship: Mentorship, areas: list[str], actor: Actor) -> Mentorship:
    for area in SHAREABLE_AREAS:
        setattr(mentorship, switch(area.key), area.key in areas)
    mentorship.save(update_fields=[switch(area.key) for area in SHAREABLE_AREAS])
    audit.record(
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"Shared with {mentorship.mentor.email}: " + (", ".join(areas) or "nothing"),
    )
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, actor: Actor) -> None:
    """Either side may end it; access stops at once."""
    by = actor.user
    if by is None or by.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise PermissionDenied
    if mentorship.ended_at is None:
        mentorship.ended_at = timezone.now()
        mentorship.save(update_fields=["ended_at"])
        other = mentorship.mentor if by.pk == mentorship.mentee_id else mentorship.mentee
        audit.record_deleted(actor=actor, what="mentorship", name=f"with {other}", verb="Ended")
