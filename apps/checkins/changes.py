from django.utils.translation import gettext_noop

from apps.core.changes import Change, provides
from apps.vision.changes import said

from .models import CheckIn


@provides("checkins")
def new_checkins(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "checkins",
            checkin.created_at,
            said(
                gettext_noop(
                    "Checked in: %(north_star)s/5 toward the North Star, %(career)s/5 career"
                ),
                {"north_star": checkin.north_star_progress, "career": checkin.job_or_career},
            ),
            checkin.get_absolute_url(),
        )
        for checkin in CheckIn.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
