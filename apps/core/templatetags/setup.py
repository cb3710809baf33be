from django import template

from apps.core.selectors import setup_status

register = template.Library()


@register.inclusion_tag("includes/setup_header.html", takes_context=True)
def setup_header(context, current_step):
    """The first-run banner on a step's page: where the user is, and a way to skip it."""
    items = setup_status(owner=context["request"].user)
    number = next(i for i, item in enumerate(items, start=1) if item.step == current_step)
    return {
        "items": items,
        "current_step": current_step,
        "number": number,
        "total": len(items),
        "csrf_token": context.get("csrf_token"),
    }
