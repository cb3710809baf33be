"""Walks the URLconf so that access tests cover every URL, including ones added later."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    module: str
    params: tuple[str, ...]


def project_routes() -> list[Route]:
    """Every named URL served by the project's own apps (not allauth's or the admin's)."""
    routes = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                child_ns = namespace
                if entry.namespace == "admin":
                    continue  # the admin's own pages, even where a ModelAdmin overrides one
                if entry.namespace:
                    child_ns = f"{namespace}{entry.namespace}:"
                walk(entry, prefix + str(entry.pattern), child_ns)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "")
                # tests: registered in one; Django's i18n views: mounted by careerbuilder/urls.py
                if module.startswith(("apps.", "tests.", "django.views.i18n")) and entry.name:
                    params = tuple(entry.pattern.regex.groupindex)
                    routes.append(
                        Route(
                            f"{namespace}{entry.name}", prefix + str(entry.pattern), module, params
                        )
                    )

    walk(get_resolver(), "", "")
    return routes
