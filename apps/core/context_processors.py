from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

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


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "nav_areas": _area_links(),
        "nav_current": match.namespace if match else "",
        "north_star": SimpleLazyObject(lambda: north_star_for(owner=request.user)),
        "unread_comments": SimpleLazyObject(lambda: unread_count(user=request.user)),
    }
