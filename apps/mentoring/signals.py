"""Comments live above the plan areas: when an item goes, its comments go with it, and a
notification retires its recipient's cached pages (the unread count shows on every page)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from django.utils.translation import gettext

from apps.checkins.signals import checkin_created
from apps.core.areas import commentable
from apps.core.cache import plan_changed_for
from apps.core.changes import Change, provides

from .models import Comment, Notification


def _item_deleted(sender, instance, **kwargs):
    Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


@provides("comments")
def new_comments(*, owner_id, since) -> list[Change]:
    return [
        Change(
            comment.area,
            comment.created_at,
            gettext("%(author)s commented") % {"author": comment.author_short_name()},
            comment.get_absolute_url(),
            by=comment.author_id,  # never news to its author
        )
        for comment in Comment.objects.filter(
            plan_owner_id=owner_id, created_at__gt=since, deleted_at__isnull=True
        )
        .select_related("author")
        .prefetch_related("item")
    ]


def _checkin_created(sender, checkin, **kwargs):
    """Each mentor the check-ins are shared with hears of it in their next digest."""
    from .services import checkin_notify

    checkin_notify(checkin=checkin)


def connect() -> None:
    checkin_created.connect(_checkin_created, dispatch_uid="mentoring-checkin-created")
    for name, model in commentable().items():
        post_delete.connect(_item_deleted, sender=model, dispatch_uid=f"comments-of-{name}")
    plan_changed_for(Notification, owner_id=lambda notification: notification.recipient_id)
