import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.forms import DateInput
from apps.milestones.models import OPEN_STATUSES, Milestone
from apps.sharing.access import visible_to
from apps.vision.models import Horizon

from .models import (
    MAX_MINUTES,
    MIN_MINUTES,
    ActionItem,
    Agreement,
    PrivateNote,
    Reflection,
    Session,
    TalkingPoint,
)


class AgreementForm(forms.ModelForm):
    """What the mentorship is for: the goals in words, the mentee's horizons and milestones
    they serve (those the one proposing may see), how often and until when."""

    class Meta:
        model = Agreement
        fields = ["purpose", "horizons", "milestones", "every_weeks", "until"]
        widgets = {
            "until": DateInput(),
            "horizons": forms.CheckboxSelectMultiple,
            "milestones": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, mentorship, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        mentee = mentorship.mentee_id
        self.fields["horizons"].queryset = visible_to(
            viewer, Horizon.objects.filter(owner_id=mentee).exclude(statement="")
        ).order_by("years")
        self.fields["milestones"].queryset = visible_to(
            viewer, Milestone.objects.filter(owner_id=mentee, status__in=OPEN_STATUSES)
        )
        self.fields["horizons"].label_from_instance = lambda horizon: (
            ngettext(
                "%(count)s year: %(statement)s", "%(count)s years: %(statement)s", horizon.years
            )
            % {"count": horizon.years, "statement": horizon.statement[:80]}
        )


class SessionForm(forms.Form):
    """A session's time, in the viewer's own time zone, its length and where."""

    day = forms.DateField(label=_("Day"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=45
    )
    place = forms.CharField(
        label=_("Place or video link"),
        required=False,
        max_length=Session._meta.get_field("place").max_length,
        validators=Session._meta.get_field("place").validators,
    )

    @classmethod
    def for_session(cls, session: Session, data=None):
        local = timezone.localtime(session.starts_at)
        return cls(
            data,
            initial={
                "day": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "minutes": session.minutes,
                "place": session.place,
            },
        )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("day"), cleaned.get("time")
        if day and time:
            zone = timezone.get_current_timezone()  # the viewer's (the time-zone middleware)
            cleaned["starts_at"] = datetime.datetime.combine(day, time, tzinfo=zone)
        return cleaned

    def values(self) -> dict:
        return {
            "starts_at": self.cleaned_data["starts_at"],
            "minutes": self.cleaned_data["minutes"],
            "place": self.cleaned_data["place"],
        }


class LogForm(SessionForm):
    notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=Session._meta.get_field("notes").validators,
        help_text=_("Markdown is welcome."),
    )


class NotesForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 8})}


class PrivateNoteForm(forms.ModelForm):
    class Meta:
        model = PrivateNote
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class PointForm(forms.Form):
    text = forms.CharField(
        label=_("A point to talk about"),
        max_length=TalkingPoint._meta.get_field("text").max_length,
        validators=TalkingPoint._meta.get_field("text").validators,
    )


class ActionItemForm(forms.Form):
    """An action for one of the pair (the choices are the two of them)."""

    assignee = forms.TypedChoiceField(label=_("Who"), coerce=int)
    title = forms.CharField(
        label=_("Action"),
        max_length=ActionItem._meta.get_field("title").max_length,
        validators=ActionItem._meta.get_field("title").validators,
    )
    due_on = forms.DateField(label=_("By"), required=False, widget=DateInput())

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            (mentorship.mentee_id, mentorship.mentee.get_full_name()),
            (mentorship.mentor_id, mentorship.mentor.get_full_name()),
        ]


class StepForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Add it as a step of"), queryset=Milestone.objects)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(
            owner=owner, status__in=OPEN_STATUSES
        )


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
