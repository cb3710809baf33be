"""What /healthz tells beyond its checks, one line per setting that decides how the app behaves
(which sender policy guards inbound mail, say). Each app registers its own lines here, so the
page that shows them imports no app above it."""

from collections.abc import Callable

_DETAILS: dict[str, Callable[[], str]] = {}


def register_detail(name: str):
    """Registers a function giving the line named `name` in /healthz's `detail`."""

    def register(function: Callable[[], str]) -> Callable[[], str]:
        _DETAILS[name] = function
        return function

    return register


def details() -> dict[str, str]:
    return {name: function() for name, function in sorted(_DETAILS.items())}
