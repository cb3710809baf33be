"""LinkedIn's data export ("Get a copy of your data": a ZIP of CSVs, or one of its CSVs) read
into the same preview rows as a JSON Resume (apps/dataio/resume.py): the profile's headline and
summary, the career history, skills and languages, certifications, courses and projects,
honours and volunteering (milestones), and the network (connections, and who recommended you).
A file it does not use gets one report line.

Read with the standard library's csv and zipfile: LinkedIn's files are plain CSV, with a few
quirks handled here (notes above the header, a byte-order mark or none, month-year dates such as
"Mar 2021" and day-month-year ones such as "15 Mar 2021", an empty "Finished On" for a current
role, quoted descriptions over several lines, their line breaks kept as "\n"). A cell is kept
as the text it is: one starting with "=" stays text, and the export neutralises it again
(portability.neutralise)."""

import csv
import datetime
import io
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.learning.models import LearningKind

from .resume import (
    ResumeRefused,
    contact_row,
    job_row,
    learning_row,
    match_rows,
    milestone_row,
    profile_rows,
    skill_row,
)

MAX_LINKEDIN_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000  # rows of one import, all its files together
MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
CAREER_ROWS = 2_000  # a career's worth of one thing; the network is the file that grows


class LinkedInFile:
    """A file of the export: the columns its header has, and how many rows are read."""

    def __init__(self, *columns: str, rows: int = CAREER_ROWS):
        self.columns, self.rows = columns, rows


FILES = {
    "Profile.csv": LinkedInFile("First Name", "Last Name", "Headline", rows=1),
    "Positions.csv": LinkedInFile("Company Name", "Title", "Started On"),
    "Skills.csv": LinkedInFile("Name"),
    "Languages.csv": LinkedInFile("Name", "Proficiency"),
    "Certifications.csv": LinkedInFile("Name", "Authority"),
    "Education.csv": LinkedInFile("School Name", "Degree Name"),
    "Courses.csv": LinkedInFile("Name", "Number"),
    "Projects.csv": LinkedInFile("Title", "Description", "Started On"),
    "Honors.csv": LinkedInFile("Title", "Issued On"),
    "Volunteering.csv": LinkedInFile("Company Name", "Role", "Started On"),
    # LinkedIn keeps at most 30,000 connections
    "Connections.csv": LinkedInFile("First Name", "Last Name", "URL", rows=35_000),
    # after the connections: a recommendation from one joins their row
    "Recommendations_Received.csv": LinkedInFile("First Name", "Last Name", "Text", rows=5_000),
}
# LinkedIn's five proficiencies, as skill levels 1 to 5
PROFICIENCY = {
    "elementary proficiency": 1,
    "limited working proficiency": 2,
    "professional working proficiency": 3,
    "full professional proficiency": 4,
    "native or bilingual proficiency": 5,
}
NAME_CUT = 120  # a contact's name, company and position, cut as the contacts import cuts them


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # older exports


def _records(name: str, data: bytes, problems: list[str], budget: int) -> list[tuple[str, dict]]:
    """The rows under the file's header (found below any notes), as dicts, each with where it
    is; at most the file's own limit, and at most `budget` (what the import has left)."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    needed = FILES[name].columns
    limit = min(FILES[name].rows, budget)
    header = None
    records = []
    line_at = _("%(file)s, line %(line)d")  # translated once, not once a row
    try:
        for row in reader:
            if header is None:
                if all(column in row for column in needed):
                    header = [column.strip() for column in row]
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(records) >= limit:
                problems.append(
                    _("%(file)s: only the first %(count)s rows are read")
                    % {"file": name, "count": number_format(limit, force_grouping=True)}
                )
                break
            where = line_at % {"file": name, "line": reader.line_num}
            cells = (cell.replace("\r\n", "\n").strip() for cell in row)
            records.append((where, dict(zip(header, cells, strict=False))))
    except csv.Error as error:
        problems.append(f"{name}: {error}")
    if header is None:
        problems.append(
            _("%(file)s: no header row with %(columns)s")
            % {"file": name, "columns": ", ".join(needed)}
        )
    return records


def _month(value: str, where: str, problems: list[str]) -> str | None:
    """LinkedIn's "Mar 2021" (or "2021", or an ISO date) as the first day of that month, and
    its "15 Mar 2021" as that day."""
    text = value.strip()
    if not text:
        return None
    parts = text.replace(",", " ").split()
    try:
        if len(parts) == 3 and parts[0].isdigit() and parts[1][:3].lower() in MONTHS:
            month = MONTHS[parts[1][:3].lower()]
            return datetime.date(int(parts[2]), month, int(parts[0])).isoformat()
        if len(parts) == 2 and parts[0][:3].lower() in MONTHS:
            return datetime.date(int(parts[1]), MONTHS[parts[0][:3].lower()], 1).isoformat()
        if len(parts) == 1 and parts[0].isdigit():
            return datetime.date(int(parts[0]), 1, 1).isoformat()
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(
            _("%(where)s: the date “%(date)s” is not like “Mar 2021”")
            % {"where": where, "date": text[:20]}
        )
        return None


def _link(value: str) -> str:
    """A web address as LinkedIn writes it, sometimes without its scheme."""
    text = value.strip()
    return f"https://{text}" if text and "://" not in text else text


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _rows_of(name: str, records, problems: list[str]) -> list:
    if name == "Connections.csv":  # translated once, not 30,000 times (a second of a preview)
        connected = _("LinkedIn, connected %(date)s")
        return [
            row
            for where, record in records
            if (row := _connection_row(where, record, problems, connected))
        ]
    rows = []
    for where, record in records:
        rows += _rows_of_record(name, where, record, problems)
    return rows


def _rows_of_record(name: str, where: str, record: dict, problems: list[str]) -> list:
    get = record.get
    if name == "Profile.csv":
        return profile_rows(
            where, problems, headline=get("Headline", ""), summary=get("Summary", "")
        )
    if name == "Positions.csv":
        row = job_row(
            where,
            problems,
            title=get("Title", ""),
            organisation=get("Company Name", ""),
            start=_month(get("Started On", ""), where, problems),
            end=_month(get("Finished On", ""), where, problems),
            location=get("Location", ""),
            description=get("Description", ""),
        )
    elif name == "Skills.csv":
        row = skill_row(where, problems, name=get("Name", ""))
    elif name == "Languages.csv":
        level = PROFICIENCY.get(get("Proficiency", "").lower(), 3)
        row = skill_row(where, problems, name=get("Name", ""), level=level)
    elif name == "Education.csv":
        school = get("School Name", "")
        row = learning_row(
            where,
            problems,
            kind=LearningKind.COURSE,
            title=get("Degree Name", "") or school,
            provider=school,
            started_on=_month(get("Start Date", ""), where, problems),
            finished_on=_month(get("End Date", ""), where, problems),
        )
    elif name == "Courses.csv":
        row = learning_row(where, problems, kind=LearningKind.COURSE, title=get("Name", ""))
    elif name == "Projects.csv":
        row = learning_row(
            where,
            problems,
            kind=LearningKind.PROJECT,
            title=get("Title", ""),
            link=_link(get("Url", "")),
            started_on=_month(get("Started On", ""), where, problems),
            finished_on=_month(get("Finished On", ""), where, problems),
        )
    elif name == "Certifications.csv":
        row = learning_row(
            where,
            problems,
            kind=LearningKind.CERTIFICATION,
            title=get("Name", ""),
            provider=get("Authority", ""),
            link=_link(get("Url", "")),
            issued_on=_month(get("Started On", ""), where, problems),
            expires_on=_month(get("Finished On", ""), where, problems),
            licence_number=get("License Number", ""),
        )
    elif name == "Honors.csv":
        # an honour is something achieved on a day: a milestone done then, its impact the award
        row = milestone_row(
            where,
            problems,
            title=get("Title", ""),
            closed_on=_month(get("Issued On", ""), where, problems),
            impact=get("Description", ""),
        )
    elif name == "Volunteering.csv":
        # Volunteering is not a stepping stone of the career history (no pay, no ledger) and a
        # learning item has no room for the cause and what was done: a milestone keeps both,
        # done when the role ended, in progress while it goes on.
        started = get("Started On", "")
        row = milestone_row(
            where,
            problems,
            title=" – ".join(part for part in (get("Role", ""), get("Company Name", "")) if part),
            closed_on=_month(get("Finished On", ""), where, problems),
            description=_paragraphs(
                get("Cause", "") and _("Cause: %(cause)s") % {"cause": get("Cause", "")},
                started and _("Since %(date)s") % {"date": started},
                get("Description", ""),
            ),
        )
    else:  # Recommendations_Received.csv
        who = f"{get('First Name', '')} {get('Last Name', '')}".strip()
        row = contact_row(
            where,
            problems,
            name=who[:NAME_CUT],
            organisation=get("Company", "")[:NAME_CUT],
            role=get("Job Title", "")[:NAME_CUT],
            where_met="LinkedIn",
            notes=_("Recommended me on LinkedIn (%(date)s):\n%(text)s")
            % {"date": get("Creation Date", ""), "text": get("Text", "")},
        )
    return [row] if row else []


def _connection_row(where: str, record: dict, problems: list[str], connected_on: str):
    """A connection, with the day it was made kept where the contacts import keeps it."""
    who = f"{record.get('First Name', '')} {record.get('Last Name', '')}".strip()
    if not who:
        problems.append(_("%(where)s: no name") % {"where": where})
        return None
    connected = record.get("Connected On", "")
    if connected and _month(connected, where, problems) is None:
        return None
    return contact_row(
        where,
        problems,
        name=who[:NAME_CUT],
        email=record.get("Email Address", "").lower(),
        profile_url=record.get("URL", ""),
        organisation=record.get("Company", "")[:NAME_CUT],
        role=record.get("Position", "")[:NAME_CUT],
        where_met=connected_on % {"date": connected} if connected else "LinkedIn",
    )


def _files(data: bytes, filename: str, problems: list[str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if filename.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                    raise ResumeRefused(_("This ZIP unpacks to more than 50 MB."))
                for info in archive.infolist():
                    base = info.filename.rsplit("/", 1)[-1]
                    if info.is_dir() or not base:
                        continue
                    if base in FILES:
                        files[base] = archive.read(info)
                    else:
                        problems.append(_("%(file)s: not used") % {"file": base})
        except (zipfile.BadZipFile, NotImplementedError, OSError) as error:
            raise ResumeRefused(_("This is not a ZIP file.")) from error
    else:
        base = filename.rsplit("/", 1)[-1]
        if base not in FILES:
            raise ResumeRefused(
                _("Upload LinkedIn's ZIP, or one of its files careerbuilder reads: %(files)s.")
                % {"files": ", ".join(FILES)}
            )
        files[base] = data
    if not files:
        raise ResumeRefused(_("This ZIP holds none of the LinkedIn files careerbuilder reads."))
    return files


def linkedin_rows(user, data: bytes, filename: str) -> tuple[list[dict], list[str]]:
    """The preview rows of LinkedIn's export (a ZIP) or of one of its CSVs, and what it could not
    use; ResumeRefused for a file that is neither. Its files are read in a fixed order (the
    profile and career first, the network last), at most MAX_ROWS rows in all."""
    if len(data) > MAX_LINKEDIN_BYTES:
        raise ResumeRefused(_("The file is larger than 10 MB."))
    problems: list[str] = []
    files = _files(data, filename, problems)
    rows, budget = [], MAX_ROWS
    for name in FILES:
        if name not in files:
            continue
        if budget <= 0:
            problems.append(
                _("%(file)s: not read, the import has %(count)s rows already")
                % {"file": name, "count": number_format(MAX_ROWS, force_grouping=True)}
            )
            continue
        records = _records(name, files[name], problems, budget)
        budget -= len(records)
        rows += _rows_of(name, records, problems)
    return match_rows(user, rows, problems), problems
