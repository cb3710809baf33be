from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import (
    ApiRoute,
    CalendarDay,
    Evidence,
    ExportLink,
    ExportSection,
    PlanArea,
    register,
)

from . import api, selectors
from .models import OPEN_STAGES, Opportunity, Stage


def mentee_context(*, owner) -> dict:
    return {"opportunities": selectors.board(owner=owner)}


def vision_context(*, owner) -> dict:
    return {"said_no": selectors.said_no(owner=owner)}


def calendar(*, user) -> list[CalendarDay]:
    """Each open opportunity's next action, on its day."""
    return [
        CalendarDay(
            f"opportunity-{row.pk}",
            row.next_action_on,
            _("Next action: %(action)s (%(opportunity)s)")
            % {"action": row.next_action or row.get_stage_display(), "opportunity": row},
            row.get_absolute_url(),
        )
        for row in Opportunity.objects.filter(
            owner=user, stage__in=OPEN_STAGES, next_action_on__isnull=False
        )
    ]


def evidence(*, owner, start, end) -> list[Evidence]:
    """The opportunities said yes to in the period, and why: toward the values they were
    weighed to serve well (4 or 5)."""
    accepted = Opportunity.objects.filter(
        owner=owner, stage=Stage.ACCEPTED, decided_on__range=(start, end)
    ).prefetch_related("value_scores__value")
    return [
        Evidence(
            key=f"opportunity-{row.pk}",
            day=row.decided_on,
            heading=_("Opportunities taken"),
            text=f"{row}: {row.decision_reason}" if row.decision_reason else str(row),
            url=row.get_absolute_url(),
            values=tuple(score.value.name for score in row.value_scores.all() if score.score >= 4),
        )
        for row in accepted
    ]


AREA = register(
    PlanArea(
        key="opportunities",
        label=gettext_lazy("Opportunities"),
        url_name="opportunities:index",
        order=45,
        shared_area="opportunities",
        commentable={"opportunity": "opportunities.Opportunity"},
        export=(
            ExportSection(
                name="opportunities",
                model="opportunities.Opportunity",
                owner_path="owner",
                fields=(
                    "kind",
                    "title",
                    "organisation",
                    "link",
                    "source",
                    "description",
                    "stage",
                    "stage_label",
                    "moved_on",
                    "next_action",
                    "next_action_on",
                    "stall_after_days",
                    "sent_version",
                    "notes",
                    "pay",
                    "time",
                    "security",
                    "location",
                    "decided_on",
                    "decision_reason",
                    "starts_on",
                    "job_id",
                    "learning_item_id",
                    "milestone_id",
                ),
            ),
            ExportSection(
                name="opportunity_moves",
                model="opportunities.StageMove",
                owner_path="opportunity__owner",
                fields=("opportunity_id", "stage", "label", "moved_on", "note"),
            ),
            ExportSection(
                name="opportunity_horizon_scores",
                model="opportunities.HorizonScore",
                owner_path="opportunity__owner",
                fields=("opportunity_id", "horizon_id", "score"),
            ),
            ExportSection(
                name="opportunity_value_scores",
                model="opportunities.ValueScore",
                owner_path="opportunity__owner",
                fields=("opportunity_id", "value_id", "score"),
            ),
        ),
        links=(
            ExportLink(
                name="opportunity_contacts",
                model="opportunities.Opportunity",
                field="contacts",
                source="opportunity",
                target="contact",
                source_section="opportunities",
                target_section="contacts",
            ),
        ),
        recap="opportunities",
        mentee_template="opportunities/_mentee.html",
        mentee_context=mentee_context,
        vision_template="opportunities/_said_no.html",
        vision_context=vision_context,
        calendar=calendar,
        evidence=evidence,
        api=(
            ApiRoute("opportunities", api.OpportunityViewSet, "opportunity"),
            ApiRoute("opportunity-moves", api.StageMoveViewSet, "stagemove"),
        ),
    )
)
