from apps.core.areas import ApiRoute, PlanArea, register

from . import api

# A mentoring pair's record is no part of the plan a mentor is shared (each row says which pair
# it is of: PAIR_FIELD).
AREA = register(
    PlanArea(
        key="meetings",
        label="Sessions",
        url_name="mentoring:index",
        order=52,
        api=(
            ApiRoute("agreements", api.AgreementViewSet, "agreement"),
            ApiRoute("sessions", api.SessionViewSet, "session"),
            ApiRoute("talking-points", api.TalkingPointViewSet, "talkingpoint"),
            ApiRoute("action-items", api.ActionItemViewSet, "actionitem"),
        ),
    )
)
