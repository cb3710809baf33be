"""DKIM for the tests, with no network: a key of the tests' own signs mail as the domains the
tests' people write from, and `dns_txt` (INBOUND_DKIM_DNS in the test settings, and in the
receiver processes the tests and `make bench` start) publishes its public half for them, as
their DNS would. A domain not listed has no key, like one that does not sign."""

import base64
import functools
import smtplib
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from pathlib import Path

import dkim
import pytest
from cryptography.hazmat.primitives import serialization

KEY_FILE = Path(__file__).with_name("files") / "dkim-test-key.pem"
SELECTOR = b"test"
SIGNING_DOMAINS = {"example.com", "example.org", "mail.example.com", "careerbuilder.test"}


@functools.cache
def private_key() -> bytes:
    return KEY_FILE.read_bytes()


@functools.cache
def _public_record() -> bytes:
    key = serialization.load_pem_private_key(private_key(), password=None)
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def dns_txt(name, timeout=5):
    """dkimpy's DNS lookup: the TXT record of `<selector>._domainkey.<domain>.`, or None."""
    name = name.decode() if isinstance(name, bytes) else name
    selector, _, rest = name.rstrip(".").partition("._domainkey.")
    if selector.encode() == SELECTOR and rest.lower() in SIGNING_DOMAINS:
        return _public_record()
    return None


def signed(raw: bytes, *, domain: str = "example.com") -> bytes:
    """The message with a DKIM-Signature of `domain` at its top, as the sender's provider adds."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    signature = dkim.sign(
        raw,
        SELECTOR,
        domain.encode(),
        private_key(),
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    return signature + raw


def sender_domain(message) -> str:
    return str(message["From"]).rpartition("@")[2].strip(" >").lower()


def deliver(port, message, *, sender=None, recipients=None, sign=True, protocol=None):
    """Sends `message` to a receiver as the sender's provider would: DKIM-signed when its From
    domain signs (and `sign`), the envelope sender its From address unless given."""
    raw = message.as_bytes()
    domain = sender_domain(message)
    if sign and domain in SIGNING_DOMAINS:
        raw = signed(raw, domain=domain)
    if sender is None:
        sender = getaddresses([str(message["From"])])[0][1]
    if recipients is None:
        recipients = [address for _, address in getaddresses([str(message["To"])])]
    with (protocol or smtplib.SMTP)("127.0.0.1", port) as client:
        return client.sendmail(sender, recipients, raw)


REPLY = """North Star: 4
career: 3
LEARNED: how to scope a data project
Network: coffee with Ada
Next: send Ada the draft
I felt good about this week.

Thanks,
Maya
--
Maya Patel, Data Analyst

On Mon, 1 Dec 2026 at 09:00, careerbuilder <noreply@careerbuilder.local> wrote:
> How far did you move toward your North Star?
> North Star: 1 to 5
"""


def reply(*, to, sender, text=REPLY, html=None, charset="utf-8", **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: [careerbuilder] Time for your check-in: job or career?"
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if html is not None:
        message.set_content(html, subtype="html", charset=charset)
    else:
        message.set_content(text, charset=charset)
    return message


def send(port, message, *, sender=None, sign=True):
    return deliver(port, message, sender=sender, sign=sign)


def refused(port, message, *, sender=None) -> str:
    with pytest.raises(smtplib.SMTPDataError) as error:
        send(port, message, sender=sender)
    assert error.value.smtp_code == 550
    return error.value.smtp_error.decode()
