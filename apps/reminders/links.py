"""Signed, expiring links in reminder emails; a forged or altered link is refused."""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "careerbuilder.reminders.link"
MAX_AGE = 60 * 60 * 24 * 60  # sixty days
TOKEN = "TOKEN"  # stands for the token in a link's path (tokens are base64 and colons)


def make_link(*, user, action: str, kinds: list[str] = ()) -> str:
    token = signing.dumps({"u": user.pk, "a": action, "k": sorted(kinds)}, salt=SALT, compress=True)
    return settings.SITE_URL + _path(action).replace(TOKEN, token)


@functools.cache
def _path(action: str) -> str:
    """The action's path around a placeholder: reversed once, not for each of 100,000 links."""
    return reverse(f"reminders:{action}", args=[TOKEN])


def read_link(token: str, *, action: str) -> dict:
    """The link's payload; raises signing.BadSignature when forged, altered or expired."""
    payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if payload.get("a") != action:
        raise signing.BadSignature("This link is for something else.")
    return payload
