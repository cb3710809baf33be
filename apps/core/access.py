"""Who may see and change what: the one place every view and query asks.

Each plan model names the path from itself to the user who owns it (`OWNER_PATH`, e.g. "owner" or
"milestone__owner") and the area of the plan it belongs to (`SHARED_AREA`: vision, milestones,
learning, network or checkins; or `SHARED_AREA_FIELD` when each row names its own, as comments do).
The owner sees and changes their own rows. A mentor sees, and never changes, the rows of an area
that a mentee shares with them while the mentorship is active. A missing object and a forbidden one
both answer 404, so nobody can probe for other people's data.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.mentoring.models import Area, Mentorship


def _mentees_sharing(user, area: str):
    """Ids of the users whose active mentorship with `user` shares `area`."""
    return Mentorship.objects.filter(
        mentor=user, ended_at__isnull=True, **{f"share_{area}": True}
    ).values("mentee_id")


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see: their own, and what mentees share with them."""
    if not user.is_authenticated:
        return queryset.none()
    model = queryset.model
    owner_path = model.OWNER_PATH
    rule = Q(**{owner_path: user})
    if area := getattr(model, "SHARED_AREA", None):
        rule |= Q(**{f"{owner_path}__in": _mentees_sharing(user, area)})
    if area_field := getattr(model, "SHARED_AREA_FIELD", None):  # the area varies by row
        for area in Area.values:
            rule |= Q(**{area_field: area, f"{owner_path}__in": _mentees_sharing(user, area)})
    return queryset.filter(rule)


def editable_by(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may change: only the owner's own."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{queryset.model.OWNER_PATH: user})


def get_visible_or_404(user, queryset: QuerySet, **lookup) -> Model:
    """The row if `user` may see it, else 404. The owner's own row (most lookups) is found with a
    plain query; only another's is checked against what its owner shares, by `visible_to`."""
    try:
        return editable_by(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        return get_object_or_404(visible_to(user, queryset), **lookup)


def get_editable_or_404(user, queryset: QuerySet, **lookup) -> Model:
    return get_object_or_404(editable_by(user, queryset), **lookup)


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
            raise ValidationError("You can only link your own plan items.")
