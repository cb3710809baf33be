"""Who may see and change what: the one place every view and query asks.

Each plan model names the path from itself to the user who owns it (`OWNER_PATH`, e.g. "owner" or
"milestone__owner") and the area of the plan it belongs to (its app's, or `SHARED_AREA`: see
apps.sharing.areas; or `SHARED_AREA_FIELD` when each row names its own, as comments do). The owner
sees and changes their own rows. A mentor sees, and never changes, the rows of an area that a
mentee shares with them while the mentorship is active, and the rows a mentee shares with them
one by one (`SHARED_WITH_FIELD`: the mentorships a row is shared through, as brag documents are;
one that ends takes them with it). A row of a mentoring pair's own record (`PAIR_FIELD`: its
mentorship, as a session's) is seen, and changed, by both sides while the mentorship is active;
the mentee keeps seeing it after. A missing object and a forbidden one both answer 404, so
nobody can probe for other people's data.
"""

from django.db.models import F, Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from .areas import SHAREABLE_AREAS, shared_area, switch
from .models import Mentorship


def mentees_sharing(user, area: str):
    """Ids of the users whose active mentorship with `user` shares `area`."""
    return Mentorship.objects.filter(
        mentor=user, ended_at__isnull=True, **{switch(area): True}
    ).values("mentee_id")


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see: their own, and what mentees share with them."""
    if not user.is_authenticated:
        return queryset.none()
    model = queryset.model
    owner_path = model.OWNER_PATH
    rule = Q(**{owner_path: user})
    if area := shared_area(model):
        rule |= Q(**{f"{owner_path}__in": mentees_sharing(user, area)})
    if area_field := getattr(model, "SHARED_AREA_FIELD", None):  # the area varies by row
        for area in SHAREABLE_AREAS:
            rule |= Q(
                **{area_field: area.key, f"{owner_path}__in": mentees_sharing(user, area.key)}
            )
    if with_field := getattr(model, "SHARED_WITH_FIELD", None):  # shared row by row
        shared = model.objects.filter(
            **{
                f"{with_field}__mentor": user,
                f"{with_field}__mentee": F(owner_path),
                f"{with_field}__ended_at__isnull": True,
            }
        )
        rule |= Q(pk__in=shared.values("pk"))
    if pair_field := getattr(model, "PAIR_FIELD", None):  # the pair's own record
        rule |= Q(**{f"{pair_field}__mentor": user, f"{pair_field}__ended_at__isnull": True})
    return queryset.filter(rule)


def pair_changeable(user, queryset: QuerySet) -> QuerySet:
    """The rows of a pair's record (`PAIR_FIELD`) that `user` may change: either side's, while
    their mentorship is active."""
    if not user.is_authenticated:
        return queryset.none()
    pair = queryset.model.PAIR_FIELD
    return queryset.filter(
        Q(**{f"{pair}__mentee": user}) | Q(**{f"{pair}__mentor": user}),
        **{f"{pair}__ended_at__isnull": True},
    )


def get_pair_changeable_or_404(user, queryset: QuerySet, **lookup) -> Model:
    return get_object_or_404(pair_changeable(user, queryset), **lookup)


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


def mentors_sharing(mentee_id: int, area: str):
    """Ids of the mentors `mentee_id` shares `area` with now."""
    return Mentorship.objects.filter(
        mentee_id=mentee_id, ended_at__isnull=True, **{switch(area): True}
    ).values_list("mentor_id", flat=True)
