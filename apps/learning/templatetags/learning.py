from django import template

register = template.Library()


@register.filter
def expiry_state(item, today):
    return item.expiry_state(today)
