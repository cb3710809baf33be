from apps.core.areas import ApiRoute, ExportSection, PlanArea, register

from . import api, selectors


def mentee_context(*, owner) -> dict:
    return {
        "horizons": [horizon for horizon in selectors.horizons_for(owner=owner) if horizon.pk],
        "values": selectors.values_for(owner=owner),
    }


AREA = register(
    PlanArea(
        key="vision",
        label="Vision",
        url_name="vision:index",
        order=10,
        shared_area="vision",
        commentable={"horizon": "vision.Horizon"},
        export=(
            ExportSection(
                name="horizons",
                model="vision.Horizon",
                owner_path="owner",
                fields=("years", "statement", "target_role", "why", "is_north_star"),
            ),
            ExportSection(
                name="values",
                model="vision.Value",
                owner_path="owner",
                fields=("name", "meaning", "position"),
            ),
            ExportSection(
                name="jobs",
                model="vision.Job",
                owner_path="owner",
                fields=(
                    "title",
                    "organisation",
                    "start_date",
                    "end_date",
                    "location",
                    "description",
                ),
            ),
            ExportSection(
                name="ledger",
                model="vision.LedgerEntry",
                owner_path="job__owner",
                fields=(
                    "job_id",
                    "recorded_on",
                    "skills",
                    "connections",
                    "knowledge",
                    "still_want",
                    "score_1",
                    "score_5",
                    "score_10",
                    "score_20",
                ),
            ),
        ),
        recap="vision",
        mentee_template="vision/_mentee.html",
        mentee_context=mentee_context,
        api=(
            ApiRoute("horizons", api.HorizonViewSet, "horizon"),
            ApiRoute("values", api.ValueViewSet, "value"),
            ApiRoute("jobs", api.JobViewSet, "job"),
            ApiRoute("ledger-entries", api.LedgerEntryViewSet, "ledgerentry"),
        ),
    )
)
