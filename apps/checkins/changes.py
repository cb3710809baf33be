from apps.core.changes import Change, provides

from .models import CheckIn


@provides("checkins")
def new_checkins(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "checkins",
            checkin.created_at,
            f"Checked in: {checkin.north_star_progress}/5 toward the North Star, "
            f"{checkin.job_or_career}/5 career",
            checkin.get_absolute_url(),
        )
        for checkin in CheckIn.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
