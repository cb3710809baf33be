from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.areas import ApiRoute, Evidence, PlanArea, register
from apps.core.text import shorten

from . import api
from .models import Comment


def evidence(*, owner, start, end) -> list[Evidence]:
    """What mentors said on the owner's items in the period (the owner's own comments are
    hers to quote)."""
    comments = (
        Comment.objects.filter(
            plan_owner=owner, deleted_at__isnull=True, created_at__date__range=(start, end)
        )
        .exclude(author=F("plan_owner"))
        .select_related("author")
        .prefetch_related("item")
    )
    return [
        Evidence(
            key=f"comment-{comment.pk}",
            day=timezone.localdate(comment.created_at),
            heading=_("What my mentors said"),
            text=_("%(mentor)s on “%(item)s”: %(comment)s")
            % {
                "mentor": comment.author_full_name(),
                "item": comment.item,
                "comment": shorten(comment.body, 500),
            },
            url=comment.get_absolute_url(),
        )
        for comment in comments
        if comment.item is not None
    ]


# Mentoring is no part of the plan a mentor sees, but has its page in the navigation, and its
# comments (on any shared item) are news since the last check-in.
AREA = register(
    PlanArea(
        key="mentoring",
        label="Mentoring",
        url_name="mentoring:index",
        order=50,
        recap="comments",
        evidence=evidence,
        api=(ApiRoute("comments", api.CommentViewSet, "comment"),),
    )
)
