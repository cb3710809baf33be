from apps.core.areas import PlanArea, register

# Mentoring is no part of the plan a mentor sees, but has its page in the navigation, and its
# comments (on any shared item) are news since the last check-in.
AREA = register(
    PlanArea(
        key="mentoring",
        label="Mentoring",
        url_name="mentoring:index",
        order=50,
        recap="comments",
    )
)
