"""A document of the career record (a brag document, a résumé) written out three ways: Markdown,
DOCX (python-docx) and PDF (WeasyPrint, from the same HTML the print stylesheet lays out).

The layout is one an applicant tracking system reads: one column, standard headings, no tables
or images, one date format (`month_year`). Where WeasyPrint cannot load Debian's pango,
`pdf_available()` is False: the page says so and the browser's own print gives the PDF."""

import datetime
import io
import re
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from apps.core.i18n import local_date


@dataclass
class Entry:
    text: str
    detail: str = ""  # a date, a place: after the text, in a lighter voice
    url: str = ""  # absolute: the document is read away from the site
    bullets: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    intro: str = ""
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def month_year(day: datetime.date | str | None) -> str:
    """The one date format of every document: "Mar 2025"."""
    if not day:
        return ""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return local_date(day, "M Y")


def absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def _markdown_text(text: str) -> str:
    """User text as Markdown that says only what it says: no heading, list or link of its own."""
    text = " ".join(text.split())
    for character in "\\`*_[]<>#":
        text = text.replace(character, "\\" + character)
    return text


def as_markdown(document: Document) -> str:
    out = [f"# {_markdown_text(document.title)}", ""]
    if document.subtitle:
        out += [f"_{_markdown_text(document.subtitle)}_", ""]
    for section in document.sections:
        out += [f"## {_markdown_text(section.heading)}", ""]
        if section.intro:
            out += [_markdown_text(section.intro), ""]
        for entry in section.entries:
            text = _markdown_text(entry.text)
            if entry.url:
                text = f"[{text}](<{entry.url}>)"
            out.append(f"- {text}" + (f" ({_markdown_text(entry.detail)})" if entry.detail else ""))
            out += [f"  - {_markdown_text(bullet)}" for bullet in entry.bullets]
        out.append("")
    return "\n".join(out)


STYLESHEET = "css/record-print.css"


def as_html(document: Document, *, inline: bool = False) -> str:
    """The printable page (templates/record/print.html), its stylesheet linked for a browser, or
    inline for the PDF (which fetches nothing)."""
    css = ""
    if inline:
        with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
            css = stylesheet.read()
    return render_to_string(
        "record/print.html", {"document": document, "css": css, "stylesheet": STYLESHEET}
    )


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text a DOCX can hold: XML 1.0 has no place for most control characters."""
    return _NOT_IN_XML.sub("", text)


def as_docx(document: Document) -> bytes:
    import docx  # python-docx: loaded only when a DOCX is asked for

    out = docx.Document()
    out.core_properties.title = _xml(document.title)[:255]
    out.add_heading(_xml(document.title), level=0)
    if document.subtitle:
        out.add_paragraph(_xml(document.subtitle))
    for section in document.sections:
        out.add_heading(_xml(section.heading), level=1)
        if section.intro:
            out.add_paragraph(_xml(section.intro))
        for entry in section.entries:
            paragraph = out.add_paragraph(style="List Bullet")
            paragraph.add_run(_xml(entry.text))
            if entry.detail:
                paragraph.add_run(f" ({_xml(entry.detail)})").italic = True
            for bullet in entry.bullets:
                out.add_paragraph(_xml(bullet), style="List Bullet 2")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@cache
def _weasyprint():
    """WeasyPrint's HTML class, or None where pango (a system library) cannot be loaded."""
    try:
        from weasyprint import HTML
    except OSError:
        return None
    return HTML


def pdf_available() -> bool:
    return _weasyprint() is not None


def as_pdf(document: Document) -> bytes:
    """The PDF of the printable page; pdf_available() says whether it can be made here."""
    html = _weasyprint()
    if html is None:
        raise RuntimeError("WeasyPrint cannot load pango")
    # the page's stylesheet is inline: nothing is fetched, from anywhere
    return html(string=as_html(document, inline=True), url_fetcher=_refuse).write_pdf()


def _refuse(url, *args, **kwargs):
    raise ValueError(f"Nothing is fetched for a PDF: {url[:80]}")
