from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportSection, PlanArea, register

from . import api, selectors
from .models import CheckIn


def mentee_context(*, owner) -> dict:
    return {"checkins": selectors.checkins_for(owner=owner)[:12]}


def evidence(*, owner, start, end) -> list[Evidence]:
    """What the check-ins of the period said was learned."""
    return [
        Evidence(
            key=f"checkin-{checkin.pk}",
            day=timezone.localdate(checkin.created_at),
            heading=_("What my check-ins said I learned"),
            text=checkin.learned.strip(),
            url=checkin.get_absolute_url(),
        )
        for checkin in CheckIn.objects.filter(
            owner=owner, created_at__date__range=(start, end)
        ).exclude(learned="")
    ]


AREA = register(
    PlanArea(
        evidence=evidence,
        key="checkins",
        label=gettext_lazy("Check-ins"),
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
