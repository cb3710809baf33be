"""Who owns a plan row: each plan model names the path from itself to its owner in
`OWNER_PATH` ("owner", "milestone__owner"…). Who else may see it is apps.sharing.access."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def owner_of(obj):
    """The user who owns a plan object, following its OWNER_PATH."""
    for step in obj.OWNER_PATH.split("__"):
        obj = getattr(obj, step)
    return obj


def owner_id_of(obj) -> int:
    """The id of the user who owns a plan object, without loading that user."""
    *path, last = obj.OWNER_PATH.split("__")
    for step in path:
        obj = getattr(obj, step)
    return getattr(obj, f"{last}_id")


def require_owned(owner, *objects) -> None:
    """Refuses links to another user's plan items, whatever road the data came by."""
    for obj in objects:
        if obj is not None and obj.owner_id != owner.pk:
            raise ValidationError(_("You can only link your own plan items."))
