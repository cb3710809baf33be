import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from apps.core.limits import LONG_TEXT_LENGTH
from apps.core.markdown import markdown_parser, render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**bold** and [a link](https://example.com)\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">a link</a>' in html
    assert "<li>one</li>" in html


def test_markdown_never_lets_a_script_or_handler_through():
    html = render_markdown(
        '<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">y</a>'
    )

    assert "<script" not in html
    assert "<a " not in html  # the raw tag is shown as text, never made a link
    assert "&lt;script&gt;" in html


def test_markdown_links_to_javascript_are_not_made():
    html = render_markdown("[click](javascript:alert(1)) ![x](data:text/html,hi)")

    assert 'href="javascript' not in html
    assert "<img" not in html


def test_markdown_of_nothing_is_empty():
    assert render_markdown("") == ""


# the starts of lines that make and end blocks in and around quotes
LINE_PARTS = st.sampled_from(
    [
        ">",
        "> ",
        ">>",
        "> > ",
        "- ",
        "1. ",
        "  ",
        "    ",
        "# h",
        "---",
        "```",
        "|a|",
        "|-|",
        "[r]: /u",
        "[r]",
        "x",
        "*y*",
        "",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(LINE_PARTS, max_size=3).map("".join), max_size=40))
def test_quotes_read_a_few_lines_at_a_time_render_as_markdown_it_renders_them(lines):
    text = "\n".join(lines)
    plain = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

    assert markdown_parser(quote_window=1).render(text) == plain.render(text)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("quote", ["> # h\nx\n", "> ---\nx\n", "> >\nx\n", ">>>>>>>>\n[>>\n"])
def test_quotes_each_ended_at_once_by_a_line_without_a_marker_render_in_linear_time(quote):
    html = render_markdown((quote * LONG_TEXT_LENGTH)[:LONG_TEXT_LENGTH])  # 30 s before

    assert "<blockquote>" in html
