"""The built-in receiver for self-hosting: an SMTP (or LMTP) server on aiosmtpd that hands each
message to the one inbound handler. It takes mail only for careerbuilder's domain (no relay),
refuses what the handler refuses with its reason, and answers a temporary failure, never a
crash, when something of its own goes wrong (the sending server tries again later)."""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from .services import inbound_message_receive, is_ours

logger = logging.getLogger("careerbuilder.inbound")


def _handle(raw: bytes, sender: str, recipients: list[str]):
    close_old_connections()  # a long-lived thread must not hold a dead connection
    try:
        return inbound_message_receive(raw=raw, sender=sender, recipients=recipients)
    finally:
        close_old_connections()


class Handler:
    """aiosmtpd's handler: RCPT accepts only our addresses, DATA runs the inbound handler."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not is_ours(address):
            return "550 5.7.1 Relaying denied: not a careerbuilder address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        try:
            results = await sync_to_async(_handle, thread_sensitive=False)(
                raw, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except Exception:
            logger.exception("inbound mail could not be handled; the sender will try again")
            return "451 4.3.0 Temporary failure, please try again later"
        if results and all(result.refused for result in results):
            reason = results[0].reason.encode("ascii", "replace").decode()
            return f"550 5.7.1 Refused: {reason}"
        return "250 OK"


class _Controller(Controller):
    def __init__(self, *args, lmtp: bool = False, **kwargs):
        self.lmtp = lmtp
        super().__init__(*args, **kwargs)

    def factory(self):
        server_class = LMTP if self.lmtp else SMTP
        return server_class(
            self.handler,
            data_size_limit=settings.INBOUND_MAX_BYTES,
            enable_SMTPUTF8=True,
            hostname=settings.INBOUND_MAIL_DOMAIN,
            ident="careerbuilder",
        )


def receiver(*, host: str = "127.0.0.1", port: int = 2525, lmtp: bool = False) -> Controller:
    """A receiver ready to `start()` (it serves in a thread of its own) and `stop()`."""
    return _Controller(Handler(), hostname=host, port=port, lmtp=lmtp)
