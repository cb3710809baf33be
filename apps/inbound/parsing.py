"""Reading what a person wrote in a reply: the text of the message (plain, or HTML made text,
in whatever charset), the latest reply without the quoted original or the signature, and the
check-in's answers in it ("North Star: 4", "Career: 3", "Learned: …", in any order and case)."""

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses

from django.conf import settings
from inscriptis import get_text
from mailparser_reply import EmailReplyParser

from apps.checkins.models import CheckIn, Mood, StepOutcome

# The languages whose "On …, … wrote:" lines and signatures the reply parser knows to cut.
REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "sv"]

SCORES = {"north_star_progress": "North Star", "job_or_career": "Career"}
TEXTS = {"learned": "Learned", "network": "Network", "next_step": "Next"}
# What each line may start with (lower case, spaces squeezed), and the answer it gives.
KEYS = {
    "north star": "north_star_progress", "northstar": "north_star_progress",
    "ns": "north_star_progress", "progress": "north_star_progress",
    "career": "job_or_career", "job or career": "job_or_career", "job/career": "job_or_career",
    "learned": "learned", "learnt": "learned", "learning": "learned",
    "network": "network", "networking": "network",
    "next": "next_step", "next step": "next_step",
    "mood": "mood",
    "last step": "previous_step_outcome", "did it happen": "previous_step_outcome",
}  # fmt: skip
LINE = re.compile(
    r"^\s*[*_>-]*\s*(?P<key>[a-z][a-z /']{0,20}?)\s*[*_]*\s*[:=]\s*(?P<value>.*)$", re.I
)
NUMBER = re.compile(r"^\s*(\d+)\s*(?:(?:/|of|out of)\s*5)?\s*\.?\s*$", re.I)
OUTCOMES = {
    "done": StepOutcome.DONE, "yes": StepOutcome.DONE, "partly": StepOutcome.PARTLY,
    "partially": StepOutcome.PARTLY, "not yet": StepOutcome.NOT_YET, "no": StepOutcome.NOT_YET,
}  # fmt: skip
MOODS = {label.lower(): value for value, label in Mood.choices}


def parse_message(raw: bytes) -> EmailMessage:
    """The message, parsed leniently (the standard library records defects, never raises)."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def message_text(message: EmailMessage) -> str:
    """The body a person wrote: the plain-text part, else the HTML one made text; decoded from
    its charset (ISO-8859-1, Windows-1252, UTF-8…); a charset nobody knows is read as Latin-1."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("latin-1")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        content = get_text(content)
    return content


def latest_reply(text: str) -> str:
    """What the person wrote last, without the quoted original and their signature."""
    replies = EmailReplyParser(languages=REPLY_LANGUAGES).read(text=text).replies
    return replies[0].body if replies else text


@dataclass
class CheckInReply:
    """What a reply to a check-in reminder says: the answers understood, the other lines (the
    check-in's notes) and what could not be taken, each said in a sentence."""

    answers: dict = field(default_factory=dict)
    notes: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether it answers both questions a new check-in needs."""
        return all(name in self.answers for name in SCORES)


def read_checkin_reply(text: str) -> CheckInReply:
    reply = CheckInReply()
    notes = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = LINE.match(line)
        name = KEYS.get(" ".join(match["key"].lower().split())) if match else None
        if name is None:
            notes.append(line.rstrip())
            continue
        value = match["value"].strip()
        if name in SCORES or name == "mood":
            _read_score(reply, name, value)
        elif name == "previous_step_outcome":
            outcome = OUTCOMES.get(" ".join(value.lower().rstrip(".!").split()))
            if outcome is None:
                reply.problems.append("Last step: answer done, partly or not yet.")
            else:
                reply.answers[name] = outcome
        elif value:
            reply.answers[name] = _fit(reply, name, value)
    reply.notes = _fit(reply, "notes", "\n".join(notes).strip())
    return reply


def _read_score(reply: CheckInReply, name: str, value: str) -> None:
    label = SCORES.get(name, "Mood")
    number = NUMBER.match(value)
    if name == "mood" and value.lower().strip(" .!") in MOODS:
        reply.answers[name] = MOODS[value.lower().strip(" .!")]
    elif number and 1 <= int(number[1]) <= 5:
        reply.answers[name] = int(number[1])
    else:
        reply.problems.append(f"{label}: answer with a number from 1 to 5.")


def _fit(reply: CheckInReply, name: str, value: str) -> str:
    """The text cut to what its field holds (a next step is one line), saying so if cut."""
    model_field = CheckIn._meta.get_field(name)
    limit = model_field.max_length or next(
        (v.limit_value for v in model_field.validators if hasattr(v, "limit_value")), 2000
    )
    if len(value) > limit:
        reply.problems.append(f"{TEXTS.get(name, 'Notes')}: cut to its first {limit} characters.")
        value = value[:limit]
    return value


FORWARDED = re.compile(r"^\s*(?:(?:fwd?|fw|wg|tr)\s*:\s*)+", re.I)
FORWARD_MARKERS = re.compile(
    r"^\s*(?:-+\s*(?:forwarded message|original message)\s*-+|begin forwarded message:)",
    re.I | re.M,
)
ADDRESS_LINE = re.compile(r"^\s*[>*]*\s*(?:from|to|cc)\s*:\s*(.+)$", re.I | re.M)


def forward_note(text: str) -> str:
    """What the person wrote above the message they forward (nothing of the message itself)."""
    marker = FORWARD_MARKERS.search(text)
    above = text[: marker.start()] if marker else ""
    return latest_reply(above).strip() if above.strip() else ""


def people_in(message: EmailMessage) -> list[tuple[str, str]]:
    """Everyone a logged email names (name, lower-case address), once each, ours left out:
    its To and Cc (a BCC'd message), the headers of a forwarded message (attached, or quoted
    in the text after a "Forwarded message" line)."""
    values = [str(message.get(name, "")) for name in ("To", "Cc")]
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.iter_parts():
                values += [str(inner.get(name, "")) for name in ("From", "To", "Cc")]
    text = message_text(message)
    marker = FORWARD_MARKERS.search(text)
    if marker:
        values += ADDRESS_LINE.findall(text[marker.start() :])
    found = {}
    for name, address in getaddresses(values):
        address = address.strip().lower()
        if "@" in address and not _is_ours(address) and address not in found:
            found[address] = " ".join(name.split())
    return [(name, address) for address, name in found.items()]


def _is_ours(address: str) -> bool:
    return address.rpartition("@")[2] == settings.INBOUND_MAIL_DOMAIN.lower()
