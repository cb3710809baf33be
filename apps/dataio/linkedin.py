"""LinkedIn's data export ("Get a copy of your data": a ZIP of CSVs, or one of its CSVs) read
into the same preview rows as a JSON Resume (apps/dataio/resume.py): Positions.csv (the career
history), Skills.csv, Certifications.csv, and Education.csv and Courses.csv (courses done). A
file it does not use gets one report line.

Read with the standard library's csv and zipfile: LinkedIn's files are plain CSV, with a few
quirks handled here (notes above the header, a byte-order mark or none, month-year dates such as
"Mar 2021", an empty "Finished On" for a current role, quoted descriptions over several lines)."""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

from apps.learning.models import LearningKind

from .resume import ResumeRefused, job_row, learning_row, skill_row

MAX_LINKEDIN_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000  # rows of one file: a career, not a network (Connections.csv is the network's)
MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
FILES = {
    "Positions.csv": ("Company Name", "Title", "Started On"),
    "Skills.csv": ("Name",),
    "Certifications.csv": ("Name", "Authority"),
    "Education.csv": ("School Name", "Degree Name"),
    "Courses.csv": ("Name", "Number"),
}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # older exports


def _records(name: str, data: bytes, problems: list[str]) -> list[tuple[str, dict]]:
    """The rows under the file's header (found below any notes), as dicts, each with where it is."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    needed = FILES[name]
    header = None
    records = []
    try:
        for row in reader:
            if header is None:
                if all(column in row for column in needed):
                    header = row
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(records) >= MAX_ROWS:
                problems.append(
                    _("%(file)s: only the first %(count)s rows are read")
                    % {"file": name, "count": f"{MAX_ROWS:,}"}
                )
                break
            where = f"{name}, line {reader.line_num}"
            records.append((where, dict(zip(header, (cell.strip() for cell in row), strict=False))))
    except csv.Error as error:
        problems.append(f"{name}: {error}")
    if header is None:
        problems.append(
            _("%(file)s: no header row with %(columns)s")
            % {"file": name, "columns": ", ".join(needed)}
        )
    return records


def _month(value: str, where: str, problems: list[str]) -> str | None:
    """LinkedIn's "Mar 2021" (or "2021", or an ISO date) as the first day of that month."""
    text = value.strip()
    if not text:
        return None
    parts = text.replace(",", " ").split()
    try:
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


def _rows_of(user, name: str, data: bytes, problems: list[str]) -> list[dict | None]:
    rows = []
    for where, record in _records(name, data, problems):
        if name == "Positions.csv":
            rows.append(
                job_row(
                    user,
                    where,
                    problems,
                    title=record.get("Title", ""),
                    organisation=record.get("Company Name", ""),
                    start=_month(record.get("Started On", ""), where, problems),
                    end=_month(record.get("Finished On", ""), where, problems),
                )
            )
        elif name == "Skills.csv":
            rows.append(skill_row(user, where, problems, name=record.get("Name", "")))
        elif name == "Education.csv":
            school = record.get("School Name", "")
            rows.append(
                learning_row(
                    user,
                    where,
                    problems,
                    kind=LearningKind.COURSE,
                    title=record.get("Degree Name", "") or school,
                    provider=school,
                    started_on=_month(record.get("Start Date", ""), where, problems),
                    finished_on=_month(record.get("End Date", ""), where, problems),
                )
            )
        elif name == "Courses.csv":
            rows.append(
                learning_row(
                    user, where, problems, kind=LearningKind.COURSE, title=record.get("Name", "")
                )
            )
        else:
            rows.append(
                learning_row(
                    user,
                    where,
                    problems,
                    kind=LearningKind.CERTIFICATION,
                    title=record.get("Name", ""),
                    provider=record.get("Authority", ""),
                    link=record.get("Url", ""),
                    issued_on=_month(record.get("Started On", ""), where, problems),
                    expires_on=_month(record.get("Finished On", ""), where, problems),
                )
            )
    return rows


def linkedin_rows(user, data: bytes, filename: str) -> tuple[list[dict], list[str]]:
    """The preview rows of LinkedIn's export (a ZIP) or of one of its CSVs, and what it could not
    use; ResumeRefused for a file that is neither."""
    if len(data) > MAX_LINKEDIN_BYTES:
        raise ResumeRefused(_("The file is larger than 10 MB."))
    files: dict[str, bytes] = {}
    problems: list[str] = []
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
                _(
                    "Upload LinkedIn's ZIP, or its Positions.csv, Skills.csv, Certifications.csv, "
                    "Education.csv or Courses.csv."
                )
            )
        files[base] = data
    if not files:
        raise ResumeRefused(_("This ZIP holds none of the LinkedIn files careerbuilder reads."))
    rows = [
        row for name, content in files.items() for row in _rows_of(user, name, content, problems)
    ]
    return [row for row in rows if row], problems
