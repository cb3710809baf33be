import datetime

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput


class SnoozeForm(forms.Form):
    """Until when an item of the Today list is put off: tomorrow, next week, or a chosen day."""

    TOMORROW, NEXT_WEEK, CHOSEN = "tomorrow", "week", "date"

    when = forms.ChoiceField(
        choices=[(TOMORROW, _("Tomorrow")), (NEXT_WEEK, _("Next week")), (CHOSEN, _("Until"))]
    )
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        when = data.get("when")
        if when == self.TOMORROW:
            data["until"] = self.today + datetime.timedelta(days=1)
        elif when == self.NEXT_WEEK:
            data["until"] = self.today + datetime.timedelta(days=7)
        elif when == self.CHOSEN and not data.get("until"):
            self.add_error("until", gettext("Choose the day it comes back."))
        return data
