"""Who may see and change what: the one place every view and query asks.

Each plan model names the path from itself to the user who owns it in `OWNER_PATH` (e.g. "owner" or
"milestone__owner"). Only the owner sees or changes an object; a missing object and a forbidden one
both answer 404, so nobody can probe for other people's data.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{queryset.model.OWNER_PATH: user})


def editable_by(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may change: only the owner's own."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{queryset.model.OWNER_PATH: user})


def get_visible_or_404(user, queryset: QuerySet, **lookup) -> Model:
    return get_object_or_404(visible_to(user, queryset), **lookup)


def get_editable_or_404(user, queryset: QuerySet, **lookup) -> Model:
    return get_object_or_404(editable_by(user, queryset), **lookup)


def require_owned(owner, *objects) -> None:
    """Refuses links to another user's plan items, whatever road the data came by."""
    for obj in objects:
        if obj is not None and obj.owner_id != owner.pk:
            raise ValidationError("You can only link your own plan items.")
