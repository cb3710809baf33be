"""Titles cut to fit end at a word, with an ellipsis; the whole title stays within reach."""

import pytest
from django.template import Context, Template

from apps.core.text import shorten


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("Speak at the local data meet-up", 40, "Speak at the local data meet-up"),
        ("Speak at the local data meet-up", 20, "Speak at the local…"),
        ("Speak at the local data meet-up", 19, "Speak at the local…"),
        ("Speak at the local data meet-up", 18, "Speak at the…"),
        ("Lead the pricing review, end to end", 26, "Lead the pricing review…"),
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
        ("  spaces   inside  ", 40, "spaces inside"),
        ("", 5, ""),
    ],
)
def test_a_title_is_cut_after_its_last_whole_word(text, limit, shown):
    assert shorten(text, limit) == shown
    assert len(shorten(text, limit)) <= max(limit, 1)


def test_the_template_filter_cuts_the_same_way():
    rendered = Template("{% load text %}{{ title|shorten:20 }}").render(
        Context({"title": "Speak at the local data meet-up"})
    )
    assert rendered == "Speak at the local…"
