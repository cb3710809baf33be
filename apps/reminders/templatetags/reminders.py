"""`{% next_reminder user %}`: when the user's next reminder comes, in their own time, for the
pages that show their settings (the profile is beneath the reminders; its template asks here)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("reminders/_next_reminder.html")
def next_reminder(user):
    moment, label = selectors.next_reminder(user=user)
    return {"moment": moment, "label": label, "time_zone": user.time_zone}
