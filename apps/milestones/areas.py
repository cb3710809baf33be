from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportSection, PlanArea, register

from . import api, selectors
from .models import Milestone, MilestoneKind, MilestoneStatus


def mentee_context(*, owner) -> dict:
    return {"milestones": selectors.milestones_for(owner=owner)}


def evidence(*, owner, start, end) -> list[Evidence]:
    """Milestones done in the period, with how they moved the owner and what they taught."""
    lines = []
    for milestone in Milestone.objects.filter(
        owner=owner, status=MilestoneStatus.DONE, closed_on__range=(start, end)
    ):
        text = f"{milestone.title}: {milestone.impact}" if milestone.impact else milestone.title
        if milestone.lessons:
            text += " " + _("(What I learned: %(lessons)s)") % {"lessons": milestone.lessons}
        lines.append(
            Evidence(
                key=f"milestone-{milestone.pk}",
                day=milestone.closed_on,
                heading=_("Stretch challenges taken")
                if milestone.kind == MilestoneKind.CHALLENGE
                else _("Milestones done"),
                text=text,
                url=milestone.get_absolute_url(),
                horizon=milestone.horizon,
            )
        )
    return lines


AREA = register(
    PlanArea(
        evidence=evidence,
        key="milestones",
        label=gettext_lazy("Milestones"),
        url_name="milestones:index",
        order=20,
        shared_area="milestones",
        commentable={"milestone": "milestones.Milestone"},
        export=(
            ExportSection(
                name="milestones",
                model="milestones.Milestone",
                owner_path="owner",
                fields=(
                    "horizon",
                    "title",
                    "description",
                    "kind",
                    "target_date",
                    "status",
                    "progress",
                    "lessons",
                    "impact",
                    "closed_on",
                ),
            ),
            ExportSection(
                name="steps",
                model="milestones.Step",
                owner_path="milestone__owner",
                fields=("milestone_id", "title", "done", "done_at", "due_on", "position"),
            ),
        ),
        recap="milestones",
        mentee_template="milestones/_mentee.html",
        mentee_context=mentee_context,
        api=(
            ApiRoute("milestones", api.MilestoneViewSet, "milestone"),
            ApiRoute("steps", api.StepViewSet, "step"),
        ),
    )
)
