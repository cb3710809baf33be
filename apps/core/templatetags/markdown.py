from django import template
from django.utils.safestring import mark_safe

from apps.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Renders user Markdown; the output is sanitised by nh3, so it is safe to mark as such."""
    return mark_safe(render_markdown(text))
