import functools

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from apps.core.areas import plan_areas
from apps.core.cache import plan_cached
from apps.mentoring.selectors import unread
from apps.vision.selectors import north_star_for

from .selectors import setup_status, step_of_page


def _area_links():
    """The plan's areas in navigation order (the registry, apps/core/areas.py); the same for
    everyone, so worked out once per set of areas."""
    return _links(tuple((area.label, area.url_name) for area in plan_areas()))


@functools.cache
def _links(areas: tuple[tuple[str, str], ...]) -> list[dict]:
    return [
        {"label": label, "url": reverse(url_name), "namespace": url_name.split(":")[0]}
        for label, url_name in areas
    ]


def north_star_and_unread_count(request) -> tuple:
    """Shown on every page, so kept in the plan cache: the user's plan version changes with their
    horizons and with every notification they get or read. Read once per request."""
    if "_navigation_summary" not in request.__dict__:
        user = request.user
        request._navigation_summary = plan_cached(
            "navigation",
            [user.pk],
            [],
            lambda: (north_star_for(owner=user), unread(user=user)),
            viewer=user,
            request=request,
        )
    return request._navigation_summary


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "nav_areas": _area_links(),
        "nav_current": match.namespace if match else "",
        "north_star": SimpleLazyObject(lambda: north_star_and_unread_count(request)[0]),
        # what waits for the user: .comments, .checkins (mentees' shared), .total
        "unread": SimpleLazyObject(lambda: north_star_and_unread_count(request)[1]),
    }


def setup_guide(request):
    """On an area's page opened from the first-run guide (`?next=/start/`): the guide's steps,
    where the user is and a way to skip, shown above the page (templates/base.html)."""
    if not request.user.is_authenticated or request.GET.get("next") != reverse("setup"):
        return {}
    match = getattr(request, "resolver_match", None)
    current = step_of_page(match.view_name) if match else None
    if current is None:
        return {}

    def guide():
        items = setup_status(owner=request.user)
        number = next(i for i, item in enumerate(items, start=1) if item.step == current)
        return {"steps": items, "current_step": current, "number": number, "total": len(items)}

    return {"setup_guide": SimpleLazyObject(guide)}
