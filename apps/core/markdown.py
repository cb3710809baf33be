"""Markdown that users write, rendered to HTML that can never carry a script.

Bounded in time and memory: text within the Markdown limit (20,000 characters) renders in well
under a second even when hostile, and only short texts (most comments and descriptions) are
remembered; a longer text saved before the limit existed is shown as plain paragraphs, unparsed.
"""

import functools

import nh3
from django.utils.html import linebreaks
from markdown_it import MarkdownIt

from .limits import LONG_TEXT_LENGTH

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
MEMO_TEXT_LENGTH = 4_000  # texts up to this long are remembered: at most ~30 MB for 1,024
MEMO_SIZE = 1_024


def render_markdown(text: str) -> str:
    text = text or ""
    if len(text) > LONG_TEXT_LENGTH:
        return linebreaks(text, autoescape=True)
    if len(text) <= MEMO_TEXT_LENGTH:
        return _remembered(text)
    return _render(text)


def _render(text: str) -> str:
    html = _renderer.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


_remembered = functools.lru_cache(maxsize=MEMO_SIZE)(_render)  # a pure function of the text
