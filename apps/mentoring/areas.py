from apps.core.areas import ApiRoute, PlanArea, register

from . import api

# Mentoring is no part of the plan a mentor sees, but has its page in the navigation, and its
# comments (on any shared item) are news since the last check-in.
AREA = register(
    PlanArea(
        key="mentoring",
        label="Mentoring",
        url_name="mentoring:index",
        order=50,
        recap="comments",
        api=(ApiRoute("comments", api.CommentViewSet, "comment"),),
    )
)
