from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ScaleSelect

from .models import CheckIn, CheckInRhythm, StepOutcome


class CheckInForm(forms.ModelForm):
    """A check-in; it opens with last time's commitment (`commitment`, or the edited check-in's)
    and asks whether it happened."""

    class Meta:
        model = CheckIn
        fields = [
            "previous_step_outcome",
            "north_star_progress",
            "job_or_career",
            "learned",
            "network",
            "next_step",
            "mood",
            "notes",
        ]
        widgets = {
            "previous_step_outcome": forms.RadioSelect,
            "north_star_progress": ScaleSelect(),
            "job_or_career": ScaleSelect(),
            # its own five words, wrapping at 375 px
            "mood": forms.RadioSelect(attrs={"class": "scale scale--words"}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "network": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"mood": _("Mood"), "notes": _("Notes")}
        help_texts = {"north_star_progress": _("1 = not at all, 5 = a big step.")}

    next_step_goes_to = forms.ChoiceField(
        label=_("Put my next step on my plan"),
        required=False,
        help_text=_("A step of an open milestone, or a new milestone due by your next check-in."),
    )

    def __init__(self, *args, commitment: str | None = None, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = {str(milestone.pk): milestone for milestone in milestones}
        if "next_step_goes_to" in self.fields:
            self.fields["next_step_goes_to"].choices = [
                ("", gettext("No, only in this check-in")),
                ("new", gettext("A new milestone, due by my next check-in")),
                *(
                    (pk, gettext("A step of “%(title)s”") % {"title": m.title})
                    for pk, m in self.milestones.items()
                ),
            ]
        if commitment is None:
            commitment = self.instance.previous_step
        if commitment:
            self.fields["previous_step_outcome"].choices = StepOutcome.choices  # no "---------"
            self.fields["previous_step_outcome"].label = gettext(
                "Last time you said you would: “%(commitment)s”. Did it happen?"
            ) % {"commitment": commitment}
        else:
            del self.fields["previous_step_outcome"]


class RhythmForm(forms.ModelForm):
    class Meta:
        model = CheckInRhythm
        fields = ["checkin_cadence", "checkin_weekday", "checkin_hour"]
        labels = {"checkin_hour": _("Reminders arrive at (hour, your time)")}
        help_texts = {
            "checkin_hour": _(
                "Your check-in slot, and the hour every other reminder goes out too."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The week begins where the reader's calendar begins it (Monday in Germany, Sunday in
        # Brazil): Django's FIRST_DAY_OF_WEEK counts from Sunday, Weekday from Monday.
        first = (get_format("FIRST_DAY_OF_WEEK") - 1) % 7
        field = self.fields["checkin_weekday"]
        field.choices = sorted(field.choices, key=lambda choice: (choice[0] - first) % 7)


class QuickCheckInForm(forms.ModelForm):
    """The two questions a reminder email asks, answered on the page its link opens."""

    class Meta:
        model = CheckIn
        fields = ["north_star_progress", "job_or_career"]
        widgets = {"north_star_progress": ScaleSelect(), "job_or_career": ScaleSelect()}
        labels = {
            "north_star_progress": _("How far did you move toward your North Star?"),
            "job_or_career": _("Did you just do your job, or build your career?"),
        }
        help_texts = {"north_star_progress": _("1 = not at all, 5 = a big step.")}


class CheckInDetailsForm(CheckInForm):
    """The whole check-in, edited after the quick answer."""

    next_step_goes_to = None
