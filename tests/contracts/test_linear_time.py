"""Every expression and parser that text from outside reaches, fed the same adversarial inputs.

For each character class an expression may repeat, each entry reads: a 100 KB line of it after
each word that sets the entry's expressions going, that word repeated 100 KB long with the
character between, and 100 KB of short lines of it. A linear parser reads these in milliseconds,
a quadratic one in minutes, so each test is guarded by a generous timeout, never a timing
assertion. An entry that is super-linear today is a strict xfail on the classes it fails on,
naming the expression responsible: when it is fixed the test passes, the strict xfail fails, and
its `fails_on` goes. docs/linear-time.md has the audit behind this table.
"""

import contextlib
import datetime
import importlib
import io
import itertools
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.account import forms as account_forms
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, EventType
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import resolve
from django.utils.http import parse_header_parameters
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.utils.mediatypes import _MediaType

from apps.accounts.models import User
from apps.api import parsers
from apps.core.areas import api_routes
from apps.core.http import safe_next_url
from apps.core.limits import LONG_TEXT_LENGTH
from apps.core.mail import header_text
from apps.core.markdown import render_markdown
from apps.dataio import portability
from apps.dataio.calendar import _all_day
from apps.inbound import authentication, parsing, services, webhooks
from apps.meetings import links as session_links
from apps.meetings.calendar import UnreadableCalendar, read_reply
from apps.network import importers
from apps.reminders import links

SIZE = 100_000
TIMEOUT = 10  # seconds: a linear reader takes milliseconds over 100 KB, a quadratic one minutes

CLASSES = {
    "spaces": " ",
    "tabs": "\t",
    "newlines": "\n",
    "letters": "a",
    "digits": "1",
    "greater-than signs": ">",
    "less-than signs": "<",
    "hyphens": "-",
    "stars": "*",
    "underscores": "_",
    "colons": ":",
    "semicolons": ";",
    "equals signs": "=",
    "commas": ",",
    "double quotes": '"',
    "single quotes": "'",
    "at signs": "@",
    "dots": ".",
}


def adversarial(character: str, leads: tuple[str, ...]):
    """The inputs for one character class, each ending in a character no expression expects."""
    for lead in leads:
        yield lead + character * SIZE + "!"
        if lead:  # "On On On …", "x,x,x…": a word an expression looks for, again and again
            yield (lead + character) * (SIZE // (len(lead) + 1)) + "!"
    short = itertools.cycle([lead + character * 8 for lead in leads])
    yield "\n".join(itertools.islice(short, SIZE // 10)) + "\n!"


# -- the roads in, as the project calls each parser --------------------------------------------


def mail(*, headers: dict, body: str = "hello", subtype: str = "plain") -> bytes:
    """A message as a mail server delivers it, a header's line breaks folded into it."""
    lines = {"From": "ada@example.org", "To": "checkin@careerbuilder.local", **headers}
    head = "".join(
        f"{name}: {value}\r\n".replace("\n", "\n ").replace("\n \r\n", "\r\n")
        for name, value in lines.items()
    )
    return (
        f"{head}MIME-Version: 1.0\r\nContent-Type: text/{subtype}; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}"
    ).encode()


def folded(text: str) -> str:
    return text.replace("\r", "").replace("\n", "\r\n ")


FORWARD = "\n---------- Forwarded message ---------\n"
EVERY_HEADER = (
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "Authentication-Results",
    "DKIM-Signature",
    "Content-Disposition",
)


def the_handlers_reading(text: str) -> None:
    """A message with `text` in every header and its body, read as the handler reads it: its
    sender, automatic headers, subject, date and body, and the sender's authentication by each
    policy (DKIM verified here, and the MTA's Authentication-Results)."""
    raw = mail(headers=dict.fromkeys(EVERY_HEADER, folded(text)), body=text)
    message = services.Mail(raw, "ada@example.org", None)
    (message.automatic, message.subject, message.date("Europe/London"), message.text)
    authentication.dkim_verdict(raw, envelope_sender="ada@example.org", from_domain="example.org")
    with override_settings(INBOUND_AUTHSERV_ID="mx.example.org"):
        authentication.results_verdict(message.message, "example.org")


def addressed(text: str) -> None:
    """The recipient's local part and whom it names (a reply token, a logging key)."""
    services._local_part(f"{text}@careerbuilder.local")
    services._local_part(text)
    with contextlib.suppress(signing.BadSignature):
        links.read_checkin_reply_token(text)


def people_named(text: str) -> None:
    raw = mail(headers={"To": folded(text), "Cc": folded(text)}, body=FORWARD + text)
    parsing.people_in(parsing.parse_message(raw))


def webhook_message(text: str) -> None:
    """A provider's inbound webhook: the message anymail parsed, read as webhooks.received does
    (it names none of our addresses, so the handler only parses it)."""
    raw = mail(headers={"From": folded(text), "To": folded(text), "Cc": folded(text)}, body=text)
    message = AnymailInboundMessage.parse_raw_mime_bytes(raw)
    event = AnymailInboundEvent(event_type=EventType.INBOUND, message=message)
    webhooks.received(sender=None, event=event, esp_name="Postmark")


LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_csv(text: str) -> None:
    cell = '"' + text.replace('"', '""') + '"'
    importers.parse_linkedin_csv((LINKEDIN_HEADER + ",".join([cell] * 7) + "\n").encode())
    importers.parse_linkedin_csv((LINKEDIN_HEADER + text).encode())


def vcards(text: str) -> None:
    value = text.replace("\n", "\n ")
    card = "".join(f"{name}:{value}\n" for name in ("FN", "N", "EMAIL"))
    importers.parse_vcards(f"BEGIN:VCARD\nVERSION:3.0\n{card}END:VCARD\n".encode())
    importers.parse_vcards(f"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n{text}\nEND:VCARD\n".encode())


def one_of_each_kind(fields):
    """A field of each kind (its class and its validators'): fields of a kind read text alike."""
    kinds = {}
    for field in fields:
        kind = (type(field), *sorted(type(validator).__name__ for validator in field.validators))
        kinds.setdefault(kind, field)
    return list(kinds.values())


IMPORTED_FIELDS = one_of_each_kind(
    model._meta.get_field(name)
    for model, _owner, fields in portability.sections().values()
    for name in fields
    if not portability.reference_target(model, name)
)


def data_import(text: str) -> None:
    """The export read, and the text in every kind of field typed and validated as the import does
    (the database is not needed to find out how long that takes)."""
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "vision": {"beyond_the_paycheck": text},
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("careerbuilder.json", json.dumps(document))
    portability._read_document(archive.getvalue())
    for field in IMPORTED_FIELDS:
        try:
            value = portability._typed(field, text)
        except portability._BadValue:
            continue
        for validator in field.validators:
            with contextlib.suppress(ValidationError):
                validator(value)


def markdown(text: str) -> None:
    render_markdown(text)  # over the limit: shown unparsed
    render_markdown(text[:LONG_TEXT_LENGTH])  # the longest text the parser is given


def signed_links(text: str) -> None:
    for read in (
        links.read_checkin_reply_token,
        links.read_checkin_link,
        lambda token: links.read_link(token, action="pause"),
    ):
        with contextlib.suppress(signing.BadSignature):
            read(text)


def addresses(text: str) -> None:
    request = RequestFactory().get("/", {"next": text}, headers={"host": "localhost"})
    safe_next_url(request, "/")
    with contextlib.suppress(Http404):
        resolve("/" + text.replace("\n", ""))


FORM_APPS = [
    "accounts",
    "checkins",
    "learning",
    "mentoring",
    "milestones",
    "network",
    "reminders",
    "vision",
]
FORMS = [
    form_class
    for module in [importlib.import_module(f"apps.{app}.forms") for app in FORM_APPS]
    for form_class in vars(module).values()
    if isinstance(form_class, type)
    and issubclass(form_class, forms.BaseForm)
    and form_class.__module__ == module.__name__
] + [
    account_forms.LoginForm,
    account_forms.SignupForm,
    account_forms.ResetPasswordForm,
    account_forms.AddEmailForm,
    account_forms.ChangePasswordForm,
]


FORM_FIELDS = one_of_each_kind(
    field
    for form_class in FORMS
    for field in form_class.base_fields.values()
    if not isinstance(field, forms.ModelChoiceField)  # an id looked up in the database
)
API_FIELDS = one_of_each_kind(
    field
    for serializer_class in {route.viewset.serializer_class for route in api_routes()}
    for field in serializer_class().fields.values()
    if not field.read_only
    and not isinstance(field, serializers.RelatedField | serializers.ManyRelatedField)
)

API_FILTERSETS = [
    route.viewset.filterset_class
    for route in api_routes()
    if getattr(route.viewset, "filterset_class", None)
]


def form_fields(text: str) -> None:
    """Every kind of field a person fills in (allauth's forms too), and the password checks."""
    for field in FORM_FIELDS:
        value = [text, text] if isinstance(field, forms.MultiValueField) else text
        with contextlib.suppress(ValidationError):
            field.clean(value)
    with contextlib.suppress(ValidationError):
        validate_password(text, user=User(email=text[:200], display_name=text[:80]))


def api_fields(text: str) -> None:
    for field in API_FIELDS:
        value = [text] if isinstance(field, serializers.ListField) else text
        with contextlib.suppress(ApiValidationError, ValidationError):
            field.run_validation(value)


def api_filters(text: str) -> None:
    for filterset_class in API_FILTERSETS:
        names = [
            f"{name}{end}"
            for name in filterset_class.base_filters
            for end in ("", "_after", "_before")
        ]
        filterset = filterset_class(
            data=dict.fromkeys(names, text), queryset=filterset_class._meta.model.objects.none()
        )
        for name, field in list(filterset.form.fields.items()):
            if isinstance(field, forms.ModelChoiceField):
                del filterset.form.fields[name]
        filterset.form.is_valid()


def api_bodies(text: str) -> None:
    for body in (text.encode(), json.dumps({"name": text, "notes": text}).encode()):
        with contextlib.suppress(ParseError):
            parsers.JSONParser().parse(io.BytesIO(body))


GUNICORN_FIELD_LIMIT = 8_190  # bytes of one header line gunicorn passes on (its default)


def request_headers(text: str) -> None:
    """Content-Type and Accept as Django and DRF parse them (email.message's parameter parser is
    quadratic in a header's semicolons; gunicorn refuses a header line longer than this)."""
    header = text[:GUNICORN_FIELD_LIMIT]
    parse_header_parameters("multipart/form-data; " + header)
    _MediaType("application/json; " + header)


def session_reply(text: str) -> None:
    """A session reply address's token, and a calendar's answer as the handler reads it: the
    part found in a message (refused unread past MAX_CALENDAR), then read by icalendar."""
    with contextlib.suppress(signing.BadSignature):
        session_links.read_session_reply_token(text)
    message = parsing.parse_message(mail(headers={}, body=text, subtype="calendar"))
    with contextlib.suppress(parsing.CalendarTooLarge):
        parsing.calendar_part(message)
    with contextlib.suppress(UnreadableCalendar):
        read_reply(text[: parsing.MAX_CALENDAR].encode())


def calendar(text: str) -> None:
    stamp = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    _all_day("milestone-1", datetime.date(2030, 1, 1), text, "/milestones/1/", stamp).to_ical()


# -- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    read: Callable[[str], object]
    leads: tuple[str, ...] = ("",)  # the words that set its expressions going
    refuses: tuple[type[Exception], ...] = ()  # how it may refuse a text, not a failure here
    timeout: int = TIMEOUT  # more for an entry that reads its text many times over
    fails_on: tuple[str, ...] = ()  # the classes it is super-linear on today…
    why: str = ""  # …and the expression responsible


ENTRIES = [
    Entry(
        "parsing.answer_line",
        lambda text: [parsing.answer_line(line) for line in text.split("\n")],
        leads=("", "North Star", "**Career**", "- Next step"),
    ),
    Entry(
        "parsing.SCORE",
        lambda text: [parsing._score("mood", line) for line in text.split("\n")],
        leads=("", "1", "four"),
    ),
    Entry("parsing.forward_subject", parsing.forward_subject, leads=("", "Fwd:", "Fwd")),
    Entry(
        "parsing.own_lines",
        parsing.own_lines,
        leads=("", "On ", "From: ", ">", "Thanks", "-----", "Sent from my "),
    ),
    Entry(
        "parsing.read_checkin_reply",
        parsing.read_checkin_reply,
        leads=("", "North Star", "North Star: 1", "Career", "On ", "> North Star: 1 to 5"),
    ),
    Entry("parsing.latest_reply", parsing.latest_reply, leads=("x", "On ", "From: ", "Thanks")),
    Entry(
        "parsing.forward_note", lambda text: parsing.forward_note(text + FORWARD), leads=("On ", "")
    ),
    Entry(
        "parsing.message_text (plain)",
        lambda text: parsing.message_text(parsing.parse_message(mail(headers={}, body=text))),
    ),
    Entry(
        "parsing.message_text (HTML)",
        lambda text: parsing.message_text(
            parsing.parse_message(
                mail(headers={}, body=f"<html><body>{text}</body></html>", subtype="html")
            )
        ),
        leads=("<td>", '<div style="padding-left: 9999em">', "<blockquote>"),
    ),
    Entry(
        "services.Mail: every header and the body, and the sender's authentication",
        the_handlers_reading,
        leads=("", "x;", "d="),
        timeout=30,
    ),  # the text in 12 headers and the body: 5 MB a message, ~2 s each
    Entry("services._local_part and the reply token", addressed, leads=("", "checkin+", "1-")),
    Entry("parsing.people_in", people_named, leads=("", "x", "From:")),
    Entry(
        "webhooks.received (a provider's inbound message)",
        webhook_message,
        leads=("", "x"),
        refuses=(RecursionError,),
    ),
    Entry("core.mail.header_text", header_text),
    Entry(
        "network.importers.parse_linkedin_csv",
        linkedin_csv,
        leads=("", "a@", "http://"),
        refuses=(importers.UnreadableFile,),
    ),
    Entry("network.importers.parse_vcards", vcards, leads=("", "X;a=")),
    Entry("dataio.portability (the import)", data_import, leads=("", "a@", "http://", "2024-")),
    Entry("core.markdown.render_markdown", markdown, leads=("", "[", "> ")),
    Entry("reminders.links (signed links and reply addresses)", signed_links, leads=("", "1-")),
    Entry("core.http.safe_next_url, the URL resolver", addresses, leads=("", "//", "http://")),
    Entry(
        "forms (every kind of field) and password validators",
        form_fields,
        leads=("", "a@", "http://", "2024-"),
    ),
    Entry(
        "API serializers (every kind of field)", api_fields, leads=("", "a@", "http://", "2024-")
    ),
    Entry("API filters (django-filter)", api_filters, leads=("", "2024-")),
    Entry("API JSON parser", api_bodies),
    Entry("request headers (Content-Type, Accept)", request_headers, leads=("", '"')),
    Entry("dataio.calendar (feed events with user text)", calendar),
    Entry(
        "meetings: the session reply address and a calendar's answer (icalendar)",
        session_reply,
        leads=("", "1-", "BEGIN:VCALENDAR\n", "ATTENDEE;CN="),
    ),
]
# A known failure runs to this shorter timeout (minutes are known); fixed, it passes within it.
KNOWN_SLOW_TIMEOUT = 2


def cases():
    for entry in ENTRIES:
        for class_name, character in CLASSES.items():
            marks = [pytest.mark.timeout(entry.timeout)]
            if class_name in entry.fails_on:
                marks = [
                    pytest.mark.timeout(KNOWN_SLOW_TIMEOUT),
                    pytest.mark.xfail(strict=True, reason=entry.why),
                ]
            yield pytest.param(entry, character, id=f"{entry.name}-{class_name}", marks=marks)


@pytest.mark.parametrize(("entry", "character"), list(cases()))
def test_reads_adversarial_text_in_linear_time(entry, character):
    for text in adversarial(character, entry.leads):
        with contextlib.suppress(*entry.refuses):
            entry.read(text)
