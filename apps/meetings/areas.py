from django.utils.translation import gettext_lazy as _

from apps.core.areas import ApiRoute, ExportLink, ExportSection, PlanArea, register

from . import api
from .calendar import calendar

# A mentoring pair's record is no part of the plan a mentor is shared (each row says which pair
# it is of: PAIR_FIELD). Its export is the mentee's side: the mentor as a name, never the
# mentorship, so an import is read-only history that gives nobody access; private notes are the
# mentor's and the outbox is the app's, so neither travels. The sessions both sides agreed
# to are in each one's calendar feed.
AREA = register(
    PlanArea(
        key="meetings",
        label=_("Sessions"),
        url_name="meetings:index",
        order=52,
        calendar=calendar,
        export=(
            ExportSection(
                name="mentoring_agreements",
                model="meetings.Agreement",
                owner_path="owner",
                fields=(
                    "mentor_name",
                    "purpose",
                    "every_weeks",
                    "until",
                    "status",
                    "proposed_at",
                    "confirmed_at",
                ),
            ),
            ExportSection(
                name="mentoring_sessions",
                model="meetings.Session",
                owner_path="owner",
                fields=(
                    "mentor_name",
                    "starts_at",
                    "minutes",
                    "place",
                    "status",
                    "notes",
                    "created_at",
                    "accepted_at",
                ),
            ),
            ExportSection(
                name="talking_points",
                model="meetings.TalkingPoint",
                owner_path="owner",
                fields=("author_name", "text", "created_at", "discussed_in_id"),
            ),
            ExportSection(
                name="action_items",
                model="meetings.ActionItem",
                owner_path="owner",
                fields=(
                    "session_id",
                    "assignee_name",
                    "title",
                    "due_on",
                    "done_at",
                    "milestone_id",
                    "step_id",
                    "created_at",
                ),
            ),
            ExportSection(
                name="mentoring_reflections",
                model="meetings.Reflection",
                owner_path="owner",
                fields=("author_name", "text", "created_at"),
            ),
        ),
        links=(
            ExportLink(
                name="agreement_horizons",
                model="meetings.Agreement",
                field="horizons",
                source="agreement",
                target="horizon",
                source_section="mentoring_agreements",
                target_section="horizons",
            ),
            ExportLink(
                name="agreement_milestones",
                model="meetings.Agreement",
                field="milestones",
                source="agreement",
                target="milestone",
                source_section="mentoring_agreements",
                target_section="milestones",
            ),
        ),
        api=(
            ApiRoute("agreements", api.AgreementViewSet, "agreement"),
            ApiRoute("sessions", api.SessionViewSet, "session"),
            ApiRoute("talking-points", api.TalkingPointViewSet, "talkingpoint"),
            ApiRoute("action-items", api.ActionItemViewSet, "actionitem"),
        ),
    )
)
