"""Comments live above the plan areas: when an item goes, its comments go with it, and a
notification retires its recipient's cached pages (the unread count shows on every page)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete

from apps.core.cache import plan_changed_for

from .models import Comment, Notification
from .selectors import COMMENTABLE


def _item_deleted(sender, instance, **kwargs):
    Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect() -> None:
    for name, model in COMMENTABLE.items():
        post_delete.connect(_item_deleted, sender=model, dispatch_uid=f"comments-of-{name}")
    plan_changed_for(Notification, owner_id=lambda notification: notification.recipient_id)
