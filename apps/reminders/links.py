"""Signed, expiring links in reminder emails; a forged or altered link is refused."""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

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


CHECKIN_SALT = "careerbuilder.reminders.checkin"
CHECKIN_MAX_AGE = 60 * 60 * 24 * 31  # the longest check-in period, a month, and a few days


def make_checkin_link(*, user, period: str) -> str:
    """The link that answers one check-in reminder from its email, signed once per email (user
    and period); the score of the first question is added as `?score=N`."""
    token = signing.dumps({"u": user.pk, "p": period}, salt=CHECKIN_SALT)
    return settings.SITE_URL + site_path("reminders:checkin", TOKEN).replace(TOKEN, token)


def read_checkin_link(token: str) -> dict:
    """The user and period of a check-in link; raises signing.BadSignature when forged, altered
    or older than any period (the period's own end is checked against the user's rhythm)."""
    return signing.loads(token, salt=CHECKIN_SALT, max_age=CHECKIN_MAX_AGE)


CHECKIN_REPLY_SALT = "careerbuilder.reminders.checkin-reply"


def make_checkin_reply_address(*, user, period: str) -> str:
    """The Reply-To of an email carrying a check-in: replying to it checks in. The token (user,
    the period's day and a MAC) is the secret; lower case, digits and hyphens only, because mail
    servers may fold an address's case, and short enough for an address's 64-character part."""
    body = f"{user.pk}-{period.removeprefix('checkin:').replace('-', '')}"
    return f"checkin+{body}-{_reply_mac(body)}@{settings.INBOUND_MAIL_DOMAIN}"


def read_checkin_reply_token(token: str) -> dict:
    """The user and period of a reply address's token (what follows `checkin+`), as
    read_checkin_link gives them; raises signing.BadSignature when forged or altered. The period
    itself must still be the user's current one (checked against their rhythm)."""
    user, _, rest = token.lower().partition("-")
    day, _, mac = rest.partition("-")
    if not (user.isdigit() and day.isdigit() and len(day) == 8):
        raise signing.BadSignature("Not a check-in reply address.")
    if not constant_time_compare(mac, _reply_mac(f"{user}-{day}")):
        raise signing.BadSignature("The check-in reply address's signature does not match.")
    return {"u": int(user), "p": f"checkin:{day[:4]}-{day[4:6]}-{day[6:]}"}


def _reply_mac(body: str) -> str:
    return salted_hmac(CHECKIN_REPLY_SALT, body, algorithm="sha256").hexdigest()[:24]


def read_link(token: str, *, action: str) -> dict:
    """The link's payload; raises signing.BadSignature when forged, altered or expired."""
    payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if payload.get("a") != action:
        raise signing.BadSignature("This link is for something else.")
    return payload
