"""Markdown that users write, rendered to HTML that can never carry a script.

Bounded in time and memory: text within the Markdown limit (20,000 characters) renders in well
under a second even when hostile, and only short texts (most comments and descriptions) are
remembered; a longer text saved before the limit existed is shown as plain paragraphs, unparsed.
"""

import functools

import nh3
from django.utils.html import linebreaks
from markdown_it import MarkdownIt
from markdown_it.rules_block.blockquote import blockquote

from .limits import LONG_TEXT_LENGTH

QUOTE_WINDOW = 8  # lines in which a quote's end is looked for first

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
MEMO_TEXT_LENGTH = 4_000  # texts up to this long are remembered: at most ~30 MB for 1,024
MEMO_SIZE = 1_024


def quote_rule(first_window: int = QUOTE_WINDOW):
    """markdown-it's blockquote rule, looking for a quote's end a window of lines at a time.

    The rule reads on through every line that could lazily continue the quote, to the next blank
    line, even when the quote's last block (a heading, a rule, a fence, an empty nested quote)
    takes none of them and the quote ends at once: a text of such quotes, each followed by a line
    without ">", took quadratic time (20,000 characters: 30 s). A quote that ends inside the
    window is read exactly as without it; one that reaches the window's edge is read again in a
    window 16 times as large, so no line is read more than a few times over."""

    def rule(state, start_line, end_line, silent):
        window = first_window
        while not silent and start_line + window < end_line:
            tokens = len(state.tokens)
            references = len(state.env.get("references", {}))
            duplicates = len(state.env.get("duplicate_refs", []))
            if not blockquote(state, start_line, start_line + window, silent):
                return False
            if state.line < start_line + window:
                return True
            del state.tokens[tokens:]  # what the attempt read goes, and it is read again
            for label in list(state.env.get("references", {}))[references:]:
                del state.env["references"][label]
            del state.env.get("duplicate_refs", [])[duplicates:]
            state.line = start_line
            window *= 16
        return blockquote(state, start_line, end_line, silent)

    return rule


def markdown_parser(quote_window: int = QUOTE_WINDOW) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    # the rules a quote may interrupt, as markdown-it registers it
    alt = ["paragraph", "reference", "blockquote", "list"]
    parser.block.ruler.at("blockquote", quote_rule(quote_window), {"alt": alt})
    return parser


_renderer = markdown_parser()


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
