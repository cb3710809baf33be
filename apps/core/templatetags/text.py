from django import template

from apps.core.text import shorten

register = template.Library()


@register.filter(name="shorten")
def shorten_filter(text, limit):
    """`{{ title|shorten:30 }}`: cut at a word, with an ellipsis (apps.core.text)."""
    return shorten(str(text), int(limit))
