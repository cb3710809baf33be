from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportSection, PlanArea, register
from apps.core.text import shorten

from . import api
from .models import Cheer, Comment


def evidence(*, owner, start, end) -> list[Evidence]:
    """What mentors said on the owner's items in the period (the owner's own comments are
    hers to quote), and how they cheered her milestones and check-ins."""
    return _comments(owner=owner, start=start, end=end) + _cheers(owner=owner, start=start, end=end)


def _cheers(*, owner, start, end) -> list[Evidence]:
    """Recognition: a mentor's cheer on a milestone counts toward its horizon."""
    cheers = Cheer.objects.filter(owner=owner, created_at__date__range=(start, end)).select_related(
        "mentor", "milestone", "checkin"
    )
    return [
        Evidence(
            key=f"cheer-{cheer.pk}",
            day=timezone.localdate(cheer.created_at),
            heading=_("Recognition"),
            text=_("%(reaction)s from %(mentor)s on “%(item)s”")
            % {
                "reaction": cheer.get_reaction_display(),
                "mentor": cheer.mentor_full_name() or _("a mentor"),
                "item": cheer.item,
            },
            url=cheer.item.get_absolute_url(),
            horizon=cheer.milestone.horizon if cheer.milestone else None,
        )
        for cheer in cheers
    ]


def _comments(*, owner, start, end) -> list[Evidence]:
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
        label=gettext_lazy("Mentoring"),
        url_name="mentoring:index",
        order=50,
        recap="comments",
        evidence=evidence,
        api=(ApiRoute("comments", api.CommentViewSet, "comment"),),
        # the mentee's: her mentors' cheers, each mentor kept by name (an import links none)
        export=(
            ExportSection(
                name="cheers",
                model="mentoring.Cheer",
                owner_path="owner",
                fields=("mentor_name", "milestone_id", "checkin_id", "reaction", "created_at"),
            ),
        ),
    )
)
