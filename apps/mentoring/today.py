"""What mentoring asks for today: comments on your plan or your mentees' plans, and check-ins
your mentees shared, that wait for you (marked read, or answered on their page)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.text import shorten
from apps.core.today import TodayItem, TodaySource, register

from . import services
from .models import Notification
from .selectors import shared_checkin_notifications, visible_comments

LIMIT = 20
EXCERPT = 120


def _unread_comments(owner):
    unread = Notification.objects.filter(
        recipient=owner, comment=OuterRef("pk"), read_at__isnull=True
    )
    return visible_comments(owner).filter(Exists(unread))


def comment_items(*, owner, today, now) -> list[TodayItem]:
    comments = (
        _unread_comments(owner)
        .select_related("author")
        .prefetch_related("item")
        .order_by("created_at", "pk")[:LIMIT]
    )
    return [
        TodayItem(
            key=f"comment:{comment.pk}",
            label=_("Comment to answer"),
            title=gettext("%(author)s on “%(item)s”")
            % {"author": comment.author_short_name(), "item": shorten(str(comment.item), 80)},
            url=comment.get_absolute_url(),
            due_on=comment.created_at.date(),
            detail=shorten(comment.body, EXCERPT),
            done_label=_("Mark read"),
        )
        for comment in comments
        if comment.item is not None
    ]


def comment_done(*, owner, reference, data, today, now) -> str:
    comment = _unread_comments(owner).get(pk=reference)
    services.notifications_mark_read(user=owner, comments=[comment])
    return gettext("Marked read.")


def checkin_items(*, owner, today, now) -> list[TodayItem]:
    notifications = shared_checkin_notifications([owner.pk])[:LIMIT]
    return [
        TodayItem(
            key=f"shared-checkin:{notification.checkin_id}",
            label=_("Check-in to answer"),
            title=gettext("%(mentee)s checked in") % {"mentee": notification.checkin.owner},
            url=reverse("checkins:detail", args=[notification.checkin_id]),
            due_on=notification.checkin.created_at.date(),
            detail=gettext("%(progress)s of 5 toward the North Star, %(career)s of 5 career")
            % {
                "progress": notification.checkin.north_star_progress,
                "career": notification.checkin.job_or_career,
            },
            done_label=_("Mark read"),
        )
        for notification in notifications
    ]


def checkin_done(*, owner, reference, data, today, now) -> str:
    notification = shared_checkin_notifications([owner.pk]).get(checkin_id=reference)
    services.notifications_mark_read(user=owner, comments=[], checkin=notification.checkin)
    return gettext("Marked read.")


COMMENTS = register(TodaySource(key="comment", order=70, items=comment_items, done=comment_done))
CHECKINS = register(
    TodaySource(key="shared-checkin", order=80, items=checkin_items, done=checkin_done)
)
