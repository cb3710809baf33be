"""Signed, expiring links in reminder emails; a forged or altered link is refused."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "careerbuilder.reminders.link"
MAX_AGE = 60 * 60 * 24 * 60  # sixty days


def make_link(*, user, action: str, kinds: list[str] = ()) -> str:
    token = signing.dumps({"u": user.pk, "a": action, "k": sorted(kinds)}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse(f"reminders:{action}", args=[token])


def read_link(token: str, *, action: str) -> dict:
    """The link's payload; raises signing.BadSignature when forged, altered or expired."""
    payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if payload.get("a") != action:
        raise signing.BadSignature("This link is for something else.")
    return payload
