"""Where a session's emails and calendars point: its page, and the address its calendar replies
go to."""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

REPLY_SALT = "careerbuilder.meetings.session-reply"
MAC_LENGTH = 24


def session_url(session) -> str:
    """The session's page, for emails and calendars (read outside the site)."""
    return settings.SITE_URL + session.get_absolute_url()


def session_reply_address(*, session, user) -> str:
    """The ORGANIZER address of the invitation sent to `user`: their calendar sends its answer
    (an iCalendar REPLY) there, and the address says which session and whose answer it is. Like
    the check-in reply address, lower case, digits and hyphens only (mail servers may fold an
    address's case, which base64 signatures do not survive) and within an address's 64
    characters; the MAC is the secret."""
    body = f"{session.pk}-{user.pk}"
    return f"session+{body}-{_mac(body)}@{settings.INBOUND_MAIL_DOMAIN}"


def read_session_reply_token(token: str) -> tuple[int, int]:
    """The session and user a reply address's token (what follows `session+`) names; raises
    signing.BadSignature when forged or altered."""
    session, _, rest = token.lower().partition("-")
    user, _, mac = rest.partition("-")
    if not all(part.isascii() and part.isdigit() and len(part) <= 19 for part in (session, user)):
        raise signing.BadSignature("Not a session reply address.")
    if not constant_time_compare(mac, _mac(f"{session}-{user}")):
        raise signing.BadSignature("The session reply address's signature does not match.")
    return int(session), int(user)


def _mac(body: str) -> str:
    return salted_hmac(REPLY_SALT, body, algorithm="sha256").hexdigest()[:MAC_LENGTH]
