from apps.core.areas import ApiRoute, ExportSection, PlanArea, register

from . import api, selectors


def mentee_context(*, owner) -> dict:
    return {"milestones": selectors.milestones_for(owner=owner)}


AREA = register(
    PlanArea(
        key="milestones",
        label="Milestones",
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
