"""Reading contacts from a LinkedIn Connections.csv or vCard files, row by row, with reasons.

Parsing only: nothing here touches the database. services.contacts_import merges the result.
"""

import csv
import re
from dataclasses import dataclass, field

import vobject
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from apps.core.limits import IMPORT_ROWS

MAX_IMPORT_BYTES = 2 * 1024 * 1024
LINKEDIN_HEADER = ("First Name", "Last Name")


@dataclass
class ParsedContact:
    row: int
    name: str
    email: str = ""
    profile_url: str = ""
    organisation: str = ""
    role: str = ""
    where_met: str = ""
    notes: str = ""


@dataclass
class RejectedRow:
    row: int
    reason: str
    text: str = ""


@dataclass
class ParseResult:
    contacts: list[ParsedContact] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (not a row's fault)."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Latin-1, as older exports use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def _clean_email(value: str) -> str:
    value = value.strip()
    if value:
        _email(value)
    return value.lower()


def _clean_url(value: str) -> str:
    value = value.strip()
    if value:
        _url(value)
    return value


def parse_linkedin_csv(data: bytes) -> ParseResult:
    """LinkedIn's Connections.csv: a few lines of notes, a blank line, then the header row."""
    lines = decode(data).splitlines()
    header_index = next(
        (i for i, line in enumerate(lines) if line.startswith(LINKEDIN_HEADER[0] + ",")), None
    )
    if header_index is None:
        raise UnreadableFile(
            _(
                "This does not look like LinkedIn's Connections.csv: "
                "no “First Name, Last Name” header."
            )
        )
    result = ParseResult()
    reader = csv.DictReader(lines[header_index:])
    try:
        reader.fieldnames  # noqa: B018  (reads the header row)
    except csv.Error:
        raise UnreadableFile(_("The header row of this file cannot be read.")) from None
    for count, (line, row) in enumerate(_rows(reader), start=1):
        if count > IMPORT_ROWS:
            raise _too_many()
        row_number = header_index + line  # the line in the file
        if row is None:
            result.rejected.append(
                RejectedRow(
                    row_number,
                    _("A value is longer than %(limit)s characters: this row cannot be read.")
                    % {"limit": f"{csv.field_size_limit():,}"},
                    lines[row_number - 1][:200],
                )
            )
            continue
        if None in row:
            result.rejected.append(
                RejectedRow(row_number, _("Too many columns."), ",".join(row[None]))
            )
            continue
        if any(value is None for value in row.values()):
            result.rejected.append(RejectedRow(row_number, _("Too few columns.")))
            continue
        name = f"{row.get('First Name', '').strip()} {row.get('Last Name', '').strip()}".strip()
        if not name:
            result.rejected.append(RejectedRow(row_number, _("No name."), ",".join(row.values())))
            continue
        try:
            email = _clean_email(row.get("Email Address", ""))
        except ValidationError:
            result.rejected.append(
                RejectedRow(
                    row_number,
                    _("“%(value)s” is not an email address.") % {"value": row["Email Address"]},
                    name,
                )
            )
            continue
        try:
            url = _clean_url(row.get("URL", ""))
        except ValidationError:
            result.rejected.append(
                RejectedRow(
                    row_number,
                    _("“%(value)s” is not a web address.") % {"value": row["URL"]},
                    name,
                )
            )
            continue
        connected_on = row.get("Connected On", "").strip()
        result.contacts.append(
            ParsedContact(
                row=row_number,
                name=name[:120],
                email=email,
                profile_url=url,
                organisation=row.get("Company", "").strip()[:120],
                role=row.get("Position", "").strip()[:120],
                where_met=(
                    _("LinkedIn, connected %(date)s") % {"date": connected_on}
                    if connected_on
                    else "LinkedIn"
                ),
            )
        )
    return result


def _rows(reader: csv.DictReader):
    """Each row with its last line (counted from the header), the row None where the csv module
    refuses it, so that one row is reported and the rest still read. With the lines already
    split, the only row it refuses is one with a value over its field limit (131,072
    characters, far above what any field takes: see apps.core.limits); the limit stays as it
    is, since it is the whole process's. The reader has then dropped the rest of that line and
    goes on with the next."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row = None
        yield reader.reader.line_num, row  # DictReader's own line_num misses refused rows


def _first(card, name: str) -> str:
    values = card.contents.get(name)
    if not values:
        return ""
    value = values[0].value
    if isinstance(value, list):  # ORG is a list of units
        value = " ".join(str(part) for part in value if part)
    return str(value).strip()


# vobject's content-line expression (vobject/base.py, patterns["line"]) repeats a parameter's
# values inside a repeated parameter, so a line it cannot read, such as "X;a,b,b,b…" with no
# colon, backtracks exponentially (22 commas: 4 s). The same grammar with possessive quantifiers
# reads any line in linear time; vobject is only given lines it has accepted.
_CONTENT_LINE = re.compile(
    r'[A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)?;?(?:;[A-Za-z0-9_-]++(?:[=,](?:"[^"]*+"|[^";:,]*+))*+)*+:'
)
_FOLD = re.compile(r"(?:\r\n|\r|\n)[\t ]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _readable_card(source: str) -> str | None:
    """The card's lines as vobject reads them (unfolded, up to its END:VCARD), or None when a
    line is not a content line, which vobject would refuse too (slowly)."""
    lines = []
    for line in _LINE_END.split(_FOLD.sub("", source)):
        if not line:
            continue
        if not _CONTENT_LINE.match(line):
            return None
        lines.append(line)
        if line.upper() == "END:VCARD":
            break
    return "\n".join(lines)


def parse_vcards(data: bytes) -> ParseResult:
    """One or more vCards (3.0 or 4.0); each card is a row, counted from 1."""
    text = decode(data)
    if "BEGIN:VCARD" not in text.upper():
        raise UnreadableFile(_("This does not look like a vCard file: no BEGIN:VCARD."))
    result = ParseResult()
    chunks = text.replace("\r\n", "\n").split("BEGIN:VCARD")[1:]
    if len(chunks) > IMPORT_ROWS:
        raise _too_many()
    for number, chunk in enumerate(chunks, start=1):
        source = _readable_card("BEGIN:VCARD" + chunk)
        if source is None:
            result.rejected.append(
                RejectedRow(number, _("Unreadable card (%(error)s).") % {"error": "ParseError"})
            )
            continue
        try:
            card = vobject.readOne(source)
        except Exception as error:  # vobject raises several unrelated types for bad input
            result.rejected.append(
                RejectedRow(
                    number,
                    _("Unreadable card (%(error)s).") % {"error": error.__class__.__name__},
                )
            )
            continue
        name = _first(card, "fn")
        if not name and "n" in card.contents:
            parts = card.n.value
            name = f"{parts.given} {parts.family}".strip()
        if not name:
            result.rejected.append(RejectedRow(number, _("No name.")))
            continue
        try:
            email = _clean_email(_first(card, "email"))
        except ValidationError:
            result.rejected.append(RejectedRow(number, _("The email address is not valid."), name))
            continue
        try:
            url = _clean_url(_first(card, "url"))
        except ValidationError:
            url = ""
        result.contacts.append(
            ParsedContact(
                row=number,
                name=name[:120],
                email=email,
                profile_url=url,
                organisation=_first(card, "org")[:120],
                role=_first(card, "title")[:120],
                notes=_first(card, "note"),
                where_met=_("Address book"),
            )
        )
    return result


def _too_many() -> UnreadableFile:
    return UnreadableFile(
        _(
            "This file has more than %(limit)s contacts; an import takes at most %(limit)s. "
            "Split it into smaller files."
        )
        % {"limit": f"{IMPORT_ROWS:,}"}
    )


def parse_contacts_file(name: str, data: bytes) -> ParseResult:
    if len(data) > MAX_IMPORT_BYTES:
        raise UnreadableFile(
            _("The file is larger than %(size)s KB.") % {"size": MAX_IMPORT_BYTES // 1024}
        )
    if name.lower().endswith((".vcf", ".vcard")):
        return parse_vcards(data)
    return parse_linkedin_csv(data)
