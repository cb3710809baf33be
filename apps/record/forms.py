from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import MAX_PERIOD, Purpose
from .selectors import PERIODS, period_dates


class NewDocumentForm(forms.Form):
    """What the document is for and the period it covers: one offered, or dates."""

    purpose = forms.ChoiceField(
        label=_("What it is for"), choices=[("", _("Choose…")), *Purpose.choices]
    )
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[*((key, label) for key, (label, _days) in PERIODS.items()), ("dates", _("Dates"))],
        initial="year",
        widget=forms.RadioSelect,
    )
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave it empty for one that says what and when."),
    )

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period in PERIODS:
            data["start"], data["end"] = period_dates(period, today=timezone.localdate())
        elif period == "dates":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give the first and the last day of the period."))
            if end < start:
                self.add_error("end", _("The period cannot end before it starts."))
            elif end - start > MAX_PERIOD:
                self.add_error("end", _("Choose a period of three years at most."))
        return data


class ShareForm(forms.Form):
    mentors = forms.ModelMultipleChoiceField(
        label=_("Shared with"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, mentorships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentors"].queryset = mentorships
        self.fields["mentors"].label_from_instance = lambda mentorship: str(mentorship.mentor)
