"""Reading what a person wrote in a reply: the text of the message (plain, or HTML without its
quoted original made text, in whatever charset), the lines they wrote themselves (not the quoted
original, the attribution line above it, the signature or the sign-off), and the check-in's
answers in them ("North Star: 4", "CAREER - 3", "Next step:" with the answer on the next line,
or an answer typed under the quoted question), in any order and case.

Everything here runs in time linear in the message: text is cut to MAX_TEXT characters, each line
is looked at through its first MAX_LINE characters, and the few expressions used see only such a
bounded piece and repeat no quantifier over what another one matches. mail-parser-reply did this
job before; its expressions (nested lazy quantifiers, `\\s*^`) backtrack quadratically on a run
of spaces (a 27 KB reply held the receiver for 37 s), and it reads no HTML, hence our own reader.
"""

import email
import email.policy
import re
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses

from django.conf import settings
from inscriptis import Inscriptis
from lxml.etree import LxmlError, ParserError
from lxml.html import document_fromstring

from apps.checkins.models import CheckIn, Mood, StepOutcome

MAX_TEXT = 100_000  # characters of a body that are read at all (a reply is at the top)
MAX_LINE = 300  # characters of a line that any test or expression looks at
MAX_HTML = 200_000  # characters of an HTML body read (inscriptis makes ~300 KB of it text a second)
MAX_HEADER = 998  # characters of a header's value parsed (a line's limit in RFC 5322)

SCORES = {"north_star_progress": "North Star", "job_or_career": "Career"}
TEXTS = {"learned": "Learned", "network": "Network", "next_step": "Next"}
# What an answer line may start with (lower case), and the answer it gives.
_KEYS = {
    "north star": "north_star_progress",
    "northstar": "north_star_progress",
    "north star progress": "north_star_progress",
    "ns": "north_star_progress",
    "progress": "north_star_progress",
    "career": "job_or_career",
    "job or career": "job_or_career",
    "job/career": "job_or_career",
    "job or career?": "job_or_career",
    "learned": "learned",
    "learnt": "learned",
    "learning": "learned",
    "network": "network",
    "networking": "network",
    "next": "next_step",
    "next step": "next_step",
    "mood": "mood",
    "last step": "previous_step_outcome",
    "did it happen": "previous_step_outcome",
    "did it happen?": "previous_step_outcome",
}
KEYS = dict(sorted(_KEYS.items(), key=lambda item: -len(item[0])))  # longest first
SEPARATORS = ":=-–—："  # a full-width colon too, as phones in CJK locales type it
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# A score: a number or a word, then perhaps "/5", "of 5" or "out of 5". Every quantifier is
# bounded and the value it sees is at most MAX_LINE characters.
SCORE = re.compile(r"(\d{1,3}|[a-z]{3,5})(?:\s{0,3}(?:/|out of|of)\s{0,3}(\d{1,3}))?")
OUTCOMES = {
    "done": StepOutcome.DONE,
    "yes": StepOutcome.DONE,
    "partly": StepOutcome.PARTLY,
    "partially": StepOutcome.PARTLY,
    "not yet": StepOutcome.NOT_YET,
    "no": StepOutcome.NOT_YET,
}
MOODS = {label.lower(): value for value, label in Mood.choices}

# The languages whose quoting mail clients' lines are recognised: "On … wrote:" and its kin.
ATTRIBUTION_OPENERS = (
    "on ",
    "am ",
    "le ",
    "el ",
    "il ",
    "op ",
    "em ",
    "den ",
    "w dniu ",
    "dne ",
    "في ",
    "في يوم",
)
ATTRIBUTION_VERBS = (
    "wrote",
    "schrieb",
    "a écrit",
    "escribió",
    "ha scritto",
    "schreef",
    "escreveu",
    "skrev",
    "napisał",
    "pisze",
    "napsal",
    "كتب",
)
# The first label of a header block a client puts above the original (Outlook's "From: … Sent:
# … To: … Subject:"), and the labels that must follow it within a few lines.
FROM_LABELS = ("from:", "von:", "de :", "de:", "da:", "van:", "od:", "från:", "fra:", "من:")
HEADER_LABELS = (
    "sent:",
    "date:",
    "to:",
    "subject:",
    "cc:",
    "gesendet:",
    "datum:",
    "an:",
    "betreff:",
    "envoyé :",
    "envoyé:",
    "date :",
    "à :",
    "à:",
    "objet :",
    "objet:",
    "enviado:",
    "fecha:",
    "para:",
    "asunto:",
    "inviato:",
    "data:",
    "a:",
    "oggetto:",
    "verzonden:",
    "aan:",
    "onderwerp:",
    "skickat:",
    "till:",
    "ämne:",
    "التاريخ:",
    "إلى:",
    "الموضوع:",
)
FORWARD_LINES = (
    "begin forwarded message:",
    "début du message réexpédié :",
    "inicio del mensaje reenviado:",
    "anfang der weitergeleiteten nachricht:",
    "inizio messaggio inoltrato:",
)
SENT_FROM = (
    "sent from my ",
    "sent from outlook",
    "get outlook for ",
    "sent from mail for ",
    "von meinem ",
    "gesendet von ",
    "envoyé de mon ",
    "enviado desde mi ",
    "inviato da ",
    "verzonden vanaf ",
    "skickat från ",
    "enviado do meu ",
)
SIGN_OFFS = {
    "thanks",
    "thank you",
    "thanks!",
    "many thanks",
    "best",
    "best regards",
    "kind regards",
    "regards",
    "warm regards",
    "cheers",
    "all the best",
    "best wishes",
    "sincerely",
    "yours",
    "mit freundlichen grüßen",
    "viele grüße",
    "liebe grüße",
    "grüße",
    "gruß",
    "lg",
    "vg",
    "cordialement",
    "bien à vous",
    "merci",
    "bonne journée",
    "saludos",
    "un saludo",
    "gracias",
    "atentamente",
    "abraços",
    "obrigado",
    "obrigada",
    "cordiali saluti",
    "grazie",
    "met vriendelijke groet",
    "groeten",
    "med vänliga hälsningar",
    "hälsningar",
    "pozdrawiam",
    "مع التحية",
    "شكرا",
}
# HTML that holds a quoted original: removed before the HTML is made text. `CUT` elements are
# where the original begins (it runs to the end of their parent), the others are the original.
HTML_QUOTES = (
    "//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' protonmail_quote ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_signature ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-signature ')]"
    " | //*[@id='Signature']"
)
HTML_CUTS = (
    "//*[@id='divRplyFwdMsg'] | //*[@id='appendonsend'] | //*[@id='x_divRplyFwdMsg']"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' OutlookMessageHeader ')]"
    " | //div[contains(@style, 'border-top')][not(.//div[contains(@style, 'border-top')])]"
)


class _BoundedPolicy(email.policy.EmailPolicy):
    """The standard library's default policy, with each header's value cut to MAX_HEADER
    characters before its header parser reads it: that parser is quadratic in a header's tokens
    (each step copies the rest of the header), and a message's headers are anyone's to write."""

    def header_fetch_parse(self, name, value):
        return super().header_fetch_parse(name, value[:MAX_HEADER])


POLICY = _BoundedPolicy()


def parse_message(raw: bytes) -> EmailMessage:
    """The message, parsed leniently (the standard library records defects, never raises), its
    headers read through POLICY."""
    return email.message_from_bytes(raw, policy=POLICY)


def clean_text(value: str, *, lines: bool = True) -> str:
    """Text taken from a message, safe for the database and one's eyes: no NUL or other control
    character (PostgreSQL refuses NUL; the others are invisible tricks), line breaks kept when
    `lines`, and every other Unicode "Cc" or "Cs" character made a space."""
    kept = "\n\t" if lines else ""
    return "".join(
        character
        if character in kept or unicodedata.category(character) not in ("Cc", "Cs")
        else " "
        for character in value.replace("\r\n", "\n").replace("\r", "\n")
    )


def message_text(message: EmailMessage) -> str:
    """The body a person wrote: the plain-text part, else the HTML one without its quoted
    original made text; decoded from its charset (ISO-8859-1, Windows-1252, UTF-8…), a charset
    nobody knows read as Latin-1; cleaned of control characters and cut to MAX_TEXT."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("latin-1")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        content = html_text(content)
    return clean_text(content[:MAX_TEXT])


def html_text(html: str) -> str:
    """HTML made text without the quoted original (Gmail's `gmail_quote`, Apple Mail's and
    Thunderbird's `blockquote type=cite`, Outlook's `divRplyFwdMsg` and its From/Sent/To/Subject
    block, Yahoo's `yahoo_quoted`) or the signature block, whose lines would otherwise read as
    the person's own (a quoted "Career: 1" saved as the answer)."""
    html = clean_text(html[:MAX_HTML]).strip()
    if not html:
        return ""
    try:
        tree = document_fromstring(html)
    except (ParserError, LxmlError, ValueError):
        return html
    for element in tree.xpath(HTML_CUTS):
        if element.getparent() is not None:
            _cut_from(element)
    for element in tree.xpath(HTML_QUOTES):
        if element.getparent() is not None:
            _drop(element, keep_tail=True)
    for element in tree.xpath("//*[@style]"):  # inscriptis honours padding: 541 bytes made 10 MB
        del element.attrib["style"]
    return Inscriptis(tree).get_text()


def _cut_from(element) -> None:
    """Removes the element and everything after it in the document (the original below a
    header block may sit after the block's parent, as Outlook writes it)."""
    node = element
    while node.getparent() is not None and node.tag not in ("body", "html"):
        for later in list(node.itersiblings()):
            node.getparent().remove(later)
        node = node.getparent()
    _drop(element, keep_tail=False)


def _drop(element, *, keep_tail: bool) -> None:
    """Removes an element and what it holds; its tail (the text after it) stays if asked."""
    parent = element.getparent()
    if keep_tail and element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass(frozen=True)
class OwnLine:
    """A line the person wrote, and the quoted question it answers if it sits right under one
    (an inline reply: "> North Star: 1 to 5" then "4")."""

    text: str
    question: str | None = None
    block: int = 0  # which stretch of own lines it is in (they are split by quoted ones)


def own_lines(text: str) -> list[OwnLine]:
    """The lines the person wrote in a reply, in order: above the quoted original (top-posted),
    and between or below its quoted lines (inline or bottom-posted); never the quoted lines,
    the "On … wrote:" line, a header block and the unquoted original below it (Outlook), a
    forwarded message, a signature after "--" or "Sent from my phone", or a closing sign-off."""
    lines = text[:MAX_TEXT].split("\n")
    found: list[OwnLine] = []
    block = 0
    in_signature = False
    question = None  # what the last quoted line asked, while no line of one's own followed
    after_quote = False  # whether the last line that said anything was quoted
    index = 0
    while index < len(lines):
        line = lines[index]
        view = line[:MAX_LINE].strip()
        low = view.lower()
        if _original_begins(lines, index, low):
            break
        attribution = _attribution_length(lines, index, low)
        if attribution:
            following = _next_filled(lines, index + attribution)
            if following is not None and _quoted(lines[following]):
                index += attribution
                continue
            if any(character.isdigit() or character == "@" for character in low):
                break  # "On 1 Dec 2026, careerbuilder <…> wrote:" above an unquoted original
        if _quoted(line):
            quoted = view.lstrip("> \t")
            if quoted:  # a blank quoted line keeps the question above it
                question = answer_key(quoted)
            block += 0 if after_quote else 1
            after_quote, in_signature = True, False
        elif not view:
            if found and not in_signature:
                found.append(OwnLine(line, block=block))
        else:
            if low in ("--", "__") or low.startswith(SENT_FROM):
                in_signature = True
            if not in_signature:
                found.append(OwnLine(line, question if after_quote else None, block))
            after_quote, question = False, None
        index += 1
    return _without_sign_offs(found)


def _quoted(line: str) -> bool:
    return line[:MAX_LINE].lstrip(" \t").startswith(">")


def _next_filled(lines: list[str], start: int) -> int | None:
    for index in range(start, min(len(lines), start + 3)):
        if lines[index][:MAX_LINE].strip():
            return index
    return None


def _attribution_length(lines: list[str], index: int, low: str) -> int:
    """How many lines (1 or 2, as Gmail wraps it) the "On … wrote:" line at `index` takes, or 0
    when it is not one."""
    if not low.startswith(ATTRIBUTION_OPENERS) or len(low) > 250:
        return 0
    if _is_attribution(low):
        return 1
    if index + 1 < len(lines) and not low.endswith(":"):
        joined = f"{low} {lines[index + 1][:MAX_LINE].strip().lower()}"
        if _is_attribution(joined):
            return 2
    return 0


def _is_attribution(low: str) -> bool:
    return low.rstrip().endswith(":") and any(verb in low for verb in ATTRIBUTION_VERBS)


def _original_begins(lines: list[str], index: int, low: str) -> bool:
    """Whether the quoted original, or a forwarded message, begins at this line, below which
    nothing is the person's: a separator ("-----Original Message-----", a line of underscores,
    "---------- Forwarded message ---------", "Begin forwarded message:") or a header block
    (Outlook's "From: …" followed within a few lines by "Sent:", "To:" or "Subject:")."""
    if len(low) >= 10 and low.strip("_") == "":
        return True
    if low.startswith("-----") and low.endswith("-----") and low.strip("- "):
        return True
    if low in FORWARD_LINES:
        return True
    label = low.lstrip("*> \t")
    if label.startswith(FROM_LABELS):
        for later in lines[index + 1 : index + 5]:
            if later[:MAX_LINE].strip().lstrip("*> \t").lower().startswith(HEADER_LABELS):
                return True
    return False


def _without_sign_offs(found: list[OwnLine]) -> list[OwnLine]:
    """Drops a closing sign-off ("Thanks,", "Best regards") and the few short lines under it (a
    name, a title) at the end of a stretch of the person's lines; read from the end, so that
    only those last few lines are ever looked at again."""
    kept: list[OwnLine] = []
    blocks: dict[int, list[OwnLine]] = {}
    for line in found:
        blocks.setdefault(line.block, []).append(line)
    for lines in blocks.values():
        cut, after = len(lines), 0  # the filled lines below the one looked at
        for position in range(len(lines) - 1, -1, -1):
            view = lines[position].text[:MAX_LINE].strip()
            if view.lower().rstrip(",.!;:- ") in SIGN_OFFS:
                cut = position
            if view:
                after += 1
                if after > 3 or len(view) > 60:  # a sign-off above this is not the closing one
                    break
        kept += lines[:cut]
    while kept and not kept[-1].text.strip():
        kept.pop()
    return kept


def latest_reply(text: str) -> str:
    """What the person wrote, as text, without the quoted original and their signature."""
    return "\n".join(line.text for line in own_lines(text)).strip("\n")


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

    @property
    def empty(self) -> bool:
        """Whether it says nothing that a check-in could keep."""
        return not self.answers and not self.notes


@dataclass(frozen=True)
class AnswerLine:
    name: str  # the check-in's field
    value: str  # what follows the question (and its separator), all of it
    separated: bool  # whether a colon, a dash or "=" stood between the question and the value


def answer_key(text: str) -> str | None:
    """The check-in field a line asks or answers ("North Star: 1 to 5" → north_star_progress)."""
    line = answer_line(text)
    return line.name if line else None


def answer_line(text: str) -> AnswerLine | None:
    """The line read as "question, separator, value": "North Star: 4", "NORTH STAR 4",
    "Career - 3", "**Career**: 3", "- Next step = call Ada". None for any other line."""
    body = text.lstrip().lstrip("*_-•·> \t")
    view = body[:MAX_LINE]
    low = view.lower()
    for key, name in KEYS.items():
        if not low.startswith(key):
            continue
        rest = view[len(key) :]
        if rest[:1].isalnum():
            continue  # "Careers fair"; "Networking" for "network" (its own key came first)
        rest = rest.lstrip("*_ \t")
        if rest.startswith("(") and ")" in rest[:40]:  # "North Star (1 to 5): 4"
            rest = rest[rest.index(")") + 1 :].lstrip("*_ \t")
        separated = rest[:1] != "" and rest[:1] in SEPARATORS
        if separated:
            rest = rest[1:]
        return AnswerLine(name, body[len(view) - len(rest) :].strip(), separated)
    return None


def read_checkin_reply(text: str) -> CheckInReply:
    """The check-in a reply gives: each of the person's lines read as an answer, an answer on
    the line after its question, an answer under a quoted question, or else a line of notes.
    A line read as an answer never goes into the notes, understood or not."""
    reply = CheckInReply()
    notes: list[str] = []
    waiting: str | None = None  # a question written alone on its line: its answer comes next
    inline: dict[str, object] = {}  # answers under quoted questions: a written one wins
    for line in own_lines(text):
        view = line.text[:MAX_LINE].strip()
        if not view:
            notes.append("")
            continue
        answer = answer_line(line.text)
        if answer is not None and not answer.value:
            waiting = answer.name
            continue
        if answer is not None and _read_answer(reply, answer, reply.answers):
            waiting = None
            continue
        if waiting is not None:
            _read_answer(reply, AnswerLine(waiting, line.text.strip(), True), reply.answers)
            waiting = None
            continue
        if line.question is not None and _read_answer(
            reply, AnswerLine(line.question, line.text.strip(), False), inline, under_quote=True
        ):
            continue
        notes.append(line.text.rstrip())
    for name, value in inline.items():
        reply.answers.setdefault(name, value)
    reply.notes = _fit(reply, "notes", "\n".join(notes).strip())
    return reply


def _read_answer(reply: CheckInReply, answer: AnswerLine, into: dict, under_quote=False) -> bool:
    """Takes one answer into `into`; False when the line is not an answer after all ("Career
    change is on my mind", "Next week I travel", a remark under a quoted question), which then
    belongs to the notes. An answer that was meant but not understood says so in `problems`."""
    name, value = answer.name, answer.value
    if name in SCORES or name == "mood":
        score = _score(name, value)
        if score is None:
            if not answer.separated:
                return False
            reply.problems.append(f"{SCORES.get(name, 'Mood')}: answer with a number from 1 to 5.")
            return True
        into[name] = score
        return True
    if not answer.separated and not under_quote:
        return False
    if name == "previous_step_outcome":
        outcome = OUTCOMES.get(" ".join(value[:MAX_LINE].lower().rstrip(".!").split()))
        if outcome is None and under_quote:
            return False
        if outcome is None:
            reply.problems.append("Last step: answer done, partly or not yet.")
        else:
            into[name] = outcome
        return True
    into[name] = _fit(reply, name, value)
    return True


def _score(name: str, value: str) -> int | None:
    """A score from 1 to 5 ("4", "4/5", "4 of 5", "four", "Four."), a mood's word ("great"),
    or None."""
    low = value[:MAX_LINE].lower().strip()
    if name == "mood" and low.strip(" .!") in MOODS:
        return MOODS[low.strip(" .!")]
    match = SCORE.match(low)
    if match is None:
        return None
    rest = low[match.end() :]
    if rest[:1].isalnum() or rest.lstrip()[:1].isdigit():
        return None  # "45", "4 5", "fourth"
    number = match[1]
    score = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
    if match[2] is not None and match[2] != "5":
        return None  # "4/10" is not a score from 1 to 5
    return score if score is not None and 1 <= score <= 5 else None


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


FORWARDED = re.compile(r"(?:(?:fwd?|fw|wg|tr|rv|enc)[ \t]{0,5}:[ \t]{0,5}){1,10}", re.I)
ADDRESS_LABELS = ("from:", "to:", "cc:", "von:", "an:", "de :", "de:", "à :", "para:", "a:")


def forward_subject(subject: str) -> tuple[bool, str]:
    """Whether a subject says its message is forwarded ("Fwd: ", "WG: "…), and the subject
    without that prefix."""
    subject = subject[:1000].strip()
    match = FORWARDED.match(subject)
    return match is not None, subject[match.end() :] if match else subject


def _forward_start(text: str) -> int | None:
    """The index of the line where a forwarded message begins in `text`, if it does."""
    lines = text[:MAX_TEXT].split("\n")
    for index, line in enumerate(lines):
        if _original_begins(lines, index, line[:MAX_LINE].strip().lower()):
            return index
    return None


def forward_note(text: str) -> str:
    """What the person wrote above the message they forward (nothing of the message itself)."""
    start = _forward_start(text)
    if start is None:
        return ""
    above = "\n".join(text[:MAX_TEXT].split("\n")[:start])
    return latest_reply(above).strip()


def people_in(message: EmailMessage, text: str | None = None) -> list[tuple[str, str]]:
    """Everyone a logged email names (name, lower-case address), once each, ours left out:
    its To and Cc (a BCC'd message), the headers of a forwarded message (attached, or quoted
    in the text after a "Forwarded message" line)."""
    values = [str(message.get(name, ""))[:MAX_TEXT] for name in ("To", "Cc")]
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.iter_parts():
                values += [str(inner.get(name, ""))[:MAX_TEXT] for name in ("From", "To", "Cc")]
    text = message_text(message) if text is None else text
    start = _forward_start(text)
    if start is not None:
        for line in text[:MAX_TEXT].split("\n")[start:]:
            view = line[:MAX_LINE].strip().lstrip(">* \t")
            low = view.lower()
            label = next((label for label in ADDRESS_LABELS if low.startswith(label)), None)
            if label:
                values.append(view[len(label) :])
    found = {}
    for name, address in _addresses([clean_text(value, lines=False) for value in values]):
        address = address.strip().lower()
        if "@" in address and not _is_ours(address) and address not in found:
            found[address] = " ".join(name.split())[:200]
    return [(name, address) for address, name in found.items()]


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """getaddresses, value by value: one the standard library cannot read (groups nested past
    its recursion limit) names nobody, and the others still count."""
    found = []
    for value in values:
        try:
            found += getaddresses([value[:MAX_HEADER]])
        except (RecursionError, ValueError, IndexError, AttributeError):
            continue
    return found


def _is_ours(address: str) -> bool:
    return address.rpartition("@")[2] == settings.INBOUND_MAIL_DOMAIN.lower()


MAX_CALENDAR = 64 * 1024  # bytes of a calendar part read at all (a calendar's answer: a few KB)
CALENDAR_TYPES = ("text/calendar", "application/ics")


class CalendarTooLarge(ValueError):
    """A calendar part over MAX_CALENDAR, refused unread."""


def calendar_part(message: EmailMessage) -> bytes | None:
    """The iCalendar object a calendar's answer carries: a text/calendar alternative beside the
    text (Gmail, Outlook) or an attached .ics (Apple Mail, a forwarded answer); None when there
    is none. Raises CalendarTooLarge before decoding a part that cannot fit in MAX_CALENDAR
    (quoted-printable is at most three times the bytes it encodes), and after decoding one that
    does not."""
    for part in message.walk():
        if part.is_multipart():
            continue
        named = (part.get_filename() or "").lower().endswith(".ics")
        if part.get_content_type() not in CALENDAR_TYPES and not named:
            continue
        encoded = part.get_payload()
        if not isinstance(encoded, str) or len(encoded) > 3 * MAX_CALENDAR:
            raise CalendarTooLarge
        data = part.get_payload(decode=True) or b""
        if len(data) > MAX_CALENDAR:
            raise CalendarTooLarge
        return data
    return None
