import functools

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from apps.core.cache import plan_cached
from apps.mentoring.selectors import unread_count
from apps.vision.selectors import north_star_for

# The plan's areas in navigation order; an area whose app is not installed yet shows as coming soon.
AREAS = [
    ("Vision", "vision:index"),
    ("Milestones", "milestones:index"),
    ("Learning", "learning:index"),
    ("Network", "network:index"),
    ("Mentoring", "mentoring:index"),
    ("Check-ins", "checkins:index"),
]


@functools.cache  # the same for everyone, for the life of the process
def _area_links():
    links = []
    for label, url_name in AREAS:
        try:
            links.append(
                {"label": label, "url": reverse(url_name), "namespace": url_name.split(":")[0]}
            )
        except NoReverseMatch:
            links.append({"label": label, "url": None, "namespace": url_name.split(":")[0]})
    return links


def _north_star_and_unread_count(request) -> tuple:
    """Shown on every page, so kept in the plan cache: the user's plan version changes with their
    horizons and with every notification they get or read."""
    user = request.user
    return plan_cached(
        "navigation",
        [user.pk],
        [],
        lambda: (north_star_for(owner=user), unread_count(user=user)),
        viewer=user,
        request=request,
    )


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    summary = functools.cache(lambda: _north_star_and_unread_count(request))
    return {
        "nav_areas": _area_links(),
        "nav_current": match.namespace if match else "",
        "north_star": SimpleLazyObject(lambda: summary()[0]),
        "unread_comments": SimpleLazyObject(lambda: summary()[1]),
    }
