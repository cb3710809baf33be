from apps.core.areas import ApiRoute, ExportSection, PlanArea, register

from . import api, selectors


def mentee_context(*, owner) -> dict:
    return {"checkins": selectors.checkins_for(owner=owner)[:12]}


AREA = register(
    PlanArea(
        key="checkins",
        label="Check-ins",
        url_name="checkins:index",
        order=60,  # after mentoring in the navigation
        shared_area="checkins",
        commentable={"checkin": "checkins.CheckIn"},
        export=(
            ExportSection(
                name="checkins",
                model="checkins.CheckIn",
                owner_path="owner",
                fields=(
                    "created_at",
                    "north_star_progress",
                    "job_or_career",
                    "learned",
                    "network",
                    "next_step",
                    "next_step_milestone_id",
                    "next_step_done_on",
                    "mood",
                    "previous_step",
                    "previous_step_outcome",
                    "notes",
                ),
            ),
        ),
        mentee_template="checkins/_mentee.html",
        mentee_context=mentee_context,
        api=(ApiRoute("check-ins", api.CheckInViewSet, "checkin"),),
    )
)
