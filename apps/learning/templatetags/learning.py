from django import template

register = template.Library()


@register.filter
def expiry_state(item, today):
    return item.expiry_state(today)


@register.filter
def share_of(value, maximum):
    """`value` as a percentage of `maximum`, for bar widths."""
    return round(100 * float(value) / float(maximum or 1))
