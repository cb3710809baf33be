"""What changed in someone's plan since a moment, gathered from every area without importing it.

Each area registers a provider (`@provides("milestones")`) in its own app; a page that wants the
story of a week (a mentor's view of a mentee, a check-in) calls `changes_since` with the areas it
may show. The registry lives here, beneath the areas, so they can register themselves.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    area: str  # the shareable area it belongs to ("milestones", "checkins"…)
    when: datetime.datetime
    summary: str  # one line, e.g. "Done: Speak at PyData"
    url: str
    by: int | None = None  # who made it, when it is someone other than the plan's owner


Provider = Callable[..., list[Change]]  # (*, owner_id, since) -> changes since that moment
PROVIDERS: dict[str, list[Provider]] = {}


def provides(area: str):
    """Registers the decorated function as a provider of `area`'s changes."""

    def register(provider: Provider) -> Provider:
        PROVIDERS.setdefault(area, [])
        if provider not in PROVIDERS[area]:
            PROVIDERS[area].append(provider)
        return provider

    return register


def changes_since(
    *, owner_id: int, since: datetime.datetime, areas=None, sources=None, viewer_id=None
) -> list[Change]:
    """Every provider's changes in `areas` (a mentor sees those shared with them; a comment
    belongs to its item's area), or only those of the providers registered as `sources`,
    newest first; never a change `viewer_id` made themselves (their own comment is no news)."""
    changes = [
        change
        for source, providers in PROVIDERS.items()
        if sources is None or source in sources
        for provider in providers
        for change in provider(owner_id=owner_id, since=since)
        if (areas is None or change.area in areas) and (change.by is None or change.by != viewer_id)
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)
