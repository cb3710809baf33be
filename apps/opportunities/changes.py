from django.utils.translation import gettext as _

from apps.core.changes import Change, provides

from .models import StageMove


@provides("opportunities")
def opportunity_moves(*, owner_id, since) -> list[Change]:
    """Each move since then: a new opportunity, a stage reached, a decision."""
    moves = StageMove.objects.filter(
        opportunity__owner_id=owner_id, created_at__gt=since
    ).select_related("opportunity")
    return [
        Change(
            "opportunities",
            move.created_at,
            _("Opportunity %(stage)s: %(title)s")
            % {"stage": move.get_stage_display().lower(), "title": move.opportunity},
            move.opportunity.get_absolute_url(),
        )
        for move in moves
    ]
