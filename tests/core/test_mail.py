import email
import email.policy
import io

import pytest
from django.core import mail
from django.core.mail import BadHeaderError, get_connection

from apps.core.mail import BulkEmail


def bulk_email(**overrides):
    fields = {
        "subject": "Your week: job or career?",
        "text": "Hello Maya,\nYour North Star: Head of Data.\n",
        "html": "<p>Hello Maya,</p>\n<p>Your North Star: Head of Data.</p>\n",
        "to": ["maya@example.com"],
        "headers": {"Message-ID": "<one@careerbuilder>", "List-Unsubscribe": "<https://x/u/>"},
    }
    return BulkEmail(**{**fields, **overrides})


def parsed(message: BulkEmail) -> email.message.EmailMessage:
    """As a mail client reads it (local line ends)."""
    return email.message_from_bytes(
        message.as_bytes().replace(b"\r\n", b"\n"), policy=email.policy.default
    )


def test_it_is_a_text_email_with_an_html_alternative():
    message = parsed(bulk_email())

    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "maya@example.com"
    assert message["Message-ID"] == "<one@careerbuilder>"
    assert message["List-Unsubscribe"] == "<https://x/u/>"
    assert message["Date"]
    text, html = message.get_payload()
    assert text.get_content() == "Hello Maya,\nYour North Star: Head of Data.\n"
    assert html.get_content_type() == "text/html"
    assert "<p>Hello Maya,</p>" in html.get_content()


def test_every_line_ends_with_crlf_as_smtp_requires():
    raw = bulk_email().as_bytes()

    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_non_ascii_subject_and_body_survive_the_trip():
    message = parsed(bulk_email(subject="Chloé’s North Star", text="Café à 9 h\n"))

    assert message["Subject"] == "Chloé’s North Star"
    assert message.get_payload()[0].get_content() == "Café à 9 h\n"


def test_a_line_too_long_for_smtp_is_quoted_printable():
    long_line = "é" * 1200
    message = parsed(bulk_email(html=f"<p>{long_line}</p>\n"))

    html = message.get_payload()[1]
    assert html["Content-Transfer-Encoding"] == "quoted-printable"
    assert html.get_content() == f"<p>{long_line}</p>\n"
    assert max(len(line) for line in message.as_bytes().splitlines()) <= 998


def test_a_line_break_in_the_subject_never_starts_another_header():
    message = parsed(bulk_email(subject="Hi\r\nBcc: everyone@example.com\x00"))

    assert message["Subject"] == "Hi Bcc: everyone@example.com"
    assert message["Bcc"] is None


def test_a_line_break_in_any_other_header_is_refused():
    email = bulk_email()
    email.extra_headers["X-Note"] = "Hi\nBcc: everyone@example.com"

    with pytest.raises(BadHeaderError):
        email.as_bytes()


def test_the_locmem_backend_keeps_it_like_any_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    get_connection().send_messages([bulk_email()])

    [sent] = mail.outbox
    assert sent.subject == "Your week: job or career?"
    assert sent.to == ["maya@example.com"]


def test_the_console_backend_prints_it_readably():
    stream = io.StringIO()
    get_connection("django.core.mail.backends.console.EmailBackend", stream=stream).send_messages(
        [bulk_email(text="Café\n")]
    )

    assert "Subject: Your week: job or career?" in stream.getvalue()
    assert "Café" in stream.getvalue()


def test_the_smtp_backend_sends_its_bytes_as_written(smtp):
    message = bulk_email(to=["maya@exämple.com"])
    get_connection().send_messages([message])

    [received] = smtp.messages
    assert received["Message-ID"] == "<one@careerbuilder>"
    assert (
        "Your North Star: Head of Data."
        in received.get_payload()[0].get_payload(decode=True).decode()
    )
