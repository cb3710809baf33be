from apps.core.areas import PlanArea, register

from .calendar import calendar

# Mentoring sessions: the pair's own record (agreement, sessions, notes, action items), seen by
# both sides of an active mentorship and kept by the mentee; never shared through a switch. The
# sessions both sides agreed to are in each one's calendar feed.
AREA = register(
    PlanArea(
        key="meetings",
        label="Sessions",
        url_name="meetings:index",
        order=52,
        calendar=calendar,
    )
)
