from apps.core.markdown import render_markdown


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
