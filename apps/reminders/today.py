"""The check-in on the Today list: due by the same rule as its reminder, answered in one tap as
in the email (the same service keeps one check-in per period)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.checkins.forms import QuickCheckInForm
from apps.core.today import TodayItem, TodaySource, register

from . import selectors, services


def items(*, owner, today, now) -> list[TodayItem]:
    period = selectors.checkin_due(user=owner, now=now)
    if period is None:
        return []
    return [
        TodayItem(
            key=f"checkin:{period}",
            label=_("Check-in"),
            title=gettext("Job or career? Your check-in is due."),
            url=reverse("checkins:create"),
            form="reminders/_today_checkin.html",
        )
    ]


def done(*, owner, reference, data, today, now) -> str:
    if selectors.checkin_due(user=owner, now=now) != reference:
        raise ValidationError(gettext("This check-in is no longer due."))
    form = QuickCheckInForm(data)
    if not form.is_valid():
        raise ValidationError(gettext("Choose how far you moved toward your North Star, 1 to 5."))
    services.reminders_checkin_today(user=owner, period=reference, **form.cleaned_data)
    return gettext("Check-in saved. Add what you learned and your next step whenever you like.")


def next_on(*, owner, today, now):
    return selectors.next_checkin_on(user=owner, now=now)


SOURCE = register(TodaySource(key="checkin", order=10, items=items, done=done, next_on=next_on))
