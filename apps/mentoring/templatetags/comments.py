"""`{% comments item %}`: the comments on a plan item, for the item's page.

The plan areas' templates show comments through this tag, so no plan app imports mentoring: the
dependency runs from mentoring, which knows every commentable model, down to them."""

from django import template
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from apps.core.ownership import owner_id_of
from apps.milestones.models import MilestoneStatus

from .. import selectors
from ..forms import CommentForm
from ..models import Reaction, cheer_field

register = template.Library()


@register.inclusion_tag("includes/comments.html", takes_context=True)
def comments(context, item):
    """Threads are read lazily: a cached fragment reads none of them. Showing them changes
    nothing; the page marks them read with a POST (see mentoring:comments_read)."""
    request = context["request"]
    kind = selectors.commentable_kind(item)
    owner_id = owner_id_of(item)
    field = cheer_field(item)
    cheerable = field is not None
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "comment_threads": SimpleLazyObject(
            lambda: selectors.comment_threads(user=request.user, item=item)
        ),
        "comment_owner": owner_id,
        "comment_form": CommentForm(),
        "comment_url": reverse("mentoring:comment_create", args=[kind, item.pk]),
        "comment_item": {"kind": kind, "pk": item.pk},
        # a mentor's cheers on a milestone done or a check-in: his buttons, the mentee's list
        "cheers": SimpleLazyObject(lambda: selectors.cheers_on(item=item)),
        "cheerable": cheerable,
        "can_cheer": request.user.pk != owner_id
        and (field == "checkin" or (field == "milestone" and item.status == MilestoneStatus.DONE)),
        "cheer_url": reverse("mentoring:cheer", args=[kind, item.pk]) if cheerable else "",
        "reactions": Reaction.choices,
    }


@register.filter
def reaction_of(cheers, user) -> str:
    """The reaction `user` gave among these cheers, "" if none."""
    return next((cheer.reaction for cheer in cheers if cheer.mentor_id == user.pk), "")


@register.filter
def has_unread(threads) -> bool:
    """Whether any comment or reply in these threads is unread for the viewer."""
    return any(
        comment.unread or any(reply.unread for reply in comment.replies.all())
        for comment in threads
    )
