from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportSection, PlanArea, register

from . import api, selectors
from .models import Job


def mentee_context(*, owner) -> dict:
    return {
        "horizons": [horizon for horizon in selectors.horizons_for(owner=owner) if horizon.pk],
        "values": selectors.values_for(owner=owner),
    }


def evidence(*, owner, start, end) -> list[Evidence]:
    """The stepping stones of the period: jobs started, and jobs left."""
    lines = []
    for job in Job.objects.filter(
        Q(start_date__range=(start, end)) | Q(end_date__range=(start, end)), owner=owner
    ):
        url = reverse("vision:job_detail", args=[job.pk])
        if start <= job.start_date <= end:
            lines.append(
                Evidence(
                    key=f"job-{job.pk}",
                    day=job.start_date,
                    heading=_("Career history"),
                    text=_("Started as %(title)s at %(organisation)s")
                    % {"title": job.title, "organisation": job.organisation},
                    url=url,
                )
            )
        if job.end_date and start <= job.end_date <= end:
            lines.append(
                Evidence(
                    key=f"job-{job.pk}-end",
                    day=job.end_date,
                    heading=_("Career history"),
                    text=_("Moved on from %(title)s at %(organisation)s")
                    % {"title": job.title, "organisation": job.organisation},
                    url=url,
                )
            )
    return lines


AREA = register(
    PlanArea(
        evidence=evidence,
        key="vision",
        label=gettext_lazy("Vision"),
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
