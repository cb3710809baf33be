from apps.core.areas import PlanArea, register

# Mentoring sessions: the pair's own record (agreement, sessions, notes, action items), seen by
# both sides of an active mentorship and kept by the mentee; never shared through a switch.
AREA = register(
    PlanArea(
        key="meetings",
        label="Sessions",
        url_name="meetings:index",
        order=52,
    )
)
