"""Signed, expiring links in reminder emails; a forged or altered link is refused."""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "careerbuilder.reminders.link"
MAX_AGE = 60 * 60 * 24 * 60  # sixty days
TOKEN = "TOKEN"  # stands for the token in a link's path (tokens are base64 and colons)


def make_link(*, user, action: str, kinds: list[str] = ()) -> str:
    # not compressed: zlib shortens only the rare link for every kind, and costs more than signing
    token = signing.dumps({"u": user.pk, "a": action, "k": sorted(kinds)}, salt=SALT)
    return settings.SITE_URL + site_path(f"reminders:{action}", TOKEN).replace(TOKEN, token)


@functools.cache
def site_path(name: str, *args) -> str:
    """A URL's path, reversed once per process rather than for each of 100,000 emails (a link
    with a token is reversed around TOKEN, then the token put in its place)."""
    return reverse(name, args=args)


def read_link(token: str, *, action: str) -> dict:
    """The link's payload; raises signing.BadSignature when forged, altered or expired."""
    payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if payload.get("a") != action:
        raise signing.BadSignature("This link is for something else.")
    return payload
