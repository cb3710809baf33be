import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, OwnedChoicesMixin, ScaleSelect, https_url_fields
from apps.core.limits import date_validators
from apps.network.models import Contact
from apps.vision.models import HorizonYears

from .models import DECISIONS, OPEN_STAGES, PAYCHECK_FACTORS, REASON_LENGTH, Opportunity, Stage
from .ownership import TEMPLATES

MOVES = [(stage.value, stage.label) for stage in [*OPEN_STAGES, Stage.GHOSTED, Stage.CLOSED]]
JOB_FILE_BYTES = 1024 * 1024


class OpportunityForm(OwnedChoicesMixin, forms.ModelForm):
    OWNED_FIELDS = {"contacts": lambda owner: Contact.objects.filter(owner=owner)}

    class Meta:
        formfield_callback = https_url_fields
        model = Opportunity
        fields = [
            "title",
            "kind",
            "organisation",
            "link",
            "source",
            "description",
            "contacts",
            "next_action",
            "next_action_on",
            "stall_after_days",
            "sent_version",
            "notes",
        ]
        widgets = {
            "next_action_on": DateInput(),
            "contacts": forms.CheckboxSelectMultiple(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"next_action_on": _("Empty: a week after each move.")}


class NewOpportunityForm(OpportunityForm):
    """On creation: where it stands already (an idea, unless you have applied)."""

    stage = forms.ChoiceField(
        label=_("Where it stands"),
        choices=[(stage.value, stage.label) for stage in OPEN_STAGES],
        initial=Stage.IDEA,
    )

    class Meta(OpportunityForm.Meta):
        fields = [*OpportunityForm.Meta.fields[:3], "stage", *OpportunityForm.Meta.fields[3:]]


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=MOVES)
    label = forms.CharField(
        label=_("Your name for this stage"),
        required=False,
        max_length=80,
        help_text=_("Optional, e.g. “Case study”."),
    )
    on = forms.DateField(label=_("On"), widget=DateInput(), validators=date_validators())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_action = forms.CharField(label=_("Next action"), required=False, max_length=200)
    next_action_on = forms.DateField(
        label=_("Next action by"),
        required=False,
        widget=DateInput(),
        validators=date_validators(),
        help_text=_("Empty: a week from this move."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(stage.value, stage.label) for stage in DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you will look back on: the values, the horizon, the trade-off."),
    )
    on = forms.DateField(label=_("Decided on"), widget=DateInput(), validators=date_validators())
    starts_on = forms.DateField(
        label=_("It starts on"),
        required=False,
        widget=DateInput(),
        validators=date_validators(),
        help_text=_("For a role: your current job ends that day. Empty: the day you decide."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


SCALE = [("", _("—")), *[(n, str(n)) for n in range(1, 6)]]


class ScoreForm(forms.Form):
    """A 1–5 score for each written horizon, each ranked value and each paycheck factor; a
    score left empty is not given."""

    def __init__(self, *args, horizons, values, opportunity, **kwargs):
        horizon_scores = {row.horizon_id: row.score for row in opportunity.horizon_scores.all()}
        value_scores = {row.value_id: row.score for row in opportunity.value_scores.all()}
        initial = {
            **{f"horizon_{h.pk}": horizon_scores.get(h.pk) for h in horizons},
            **{f"value_{v.pk}": value_scores.get(v.pk) for v in values},
            **{name: getattr(opportunity, name) for name in PAYCHECK_FACTORS},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.horizons, self.values = horizons, values
        for horizon in horizons:
            self.fields[f"horizon_{horizon.pk}"] = self._scale(
                horizon.get_years_display(), horizon.statement
            )
        for rank, value in enumerate(values, start=1):
            self.fields[f"value_{value.pk}"] = self._scale(f"{rank}. {value.name}", value.meaning)
        for name, label in PAYCHECK_FACTORS.items():
            self.fields[name] = self._scale(label, "")

    @staticmethod
    def _scale(label, help_text):
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text[:160],
            choices=SCALE,
            coerce=int,
            empty_value=None,
            required=False,
            widget=ScaleSelect(choices=SCALE),
        )

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            "horizons": {h: data.get(f"horizon_{h.pk}") for h in self.horizons},
            "values": {v: data.get(f"value_{v.pk}") for v in self.values},
            **{name: data.get(name) for name in PAYCHECK_FACTORS},
        }

    def horizon_fields(self):
        return [self[f"horizon_{h.pk}"] for h in self.horizons]

    def value_fields(self):
        return [self[f"value_{v.pk}"] for v in self.values]

    def paycheck_fields(self):
        return [self[name] for name in PAYCHECK_FACTORS]


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Until"), widget=DateInput(), validators=date_validators())


class IntroductionForm(OwnedChoicesMixin, forms.Form):
    OWNED_FIELDS = {"contact": lambda owner: Contact.objects.filter(owner=owner)}

    contact = forms.ModelChoiceField(label=_("Ask"), queryset=Contact.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CompareForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(
        label=_("Opportunities"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = choices

    def clean_ids(self):
        ids = list(dict.fromkeys(self.cleaned_data["ids"]))
        if not 2 <= len(ids) <= 4:
            raise forms.ValidationError(_("Choose two to four opportunities to compare."))
        return ids


class JobImportForm(forms.Form):
    file = forms.FileField(
        label=_("A job in JSON Resume's job schema (.json)"),
        help_text=_("As job boards and tools that follow jsonresume.org/job-schema export it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > JOB_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class OwnershipForm(forms.Form):
    template = forms.ChoiceField(
        choices=[(key, template.title) for key, template in TEMPLATES.items()],
        widget=forms.HiddenInput,
    )
    horizon = forms.TypedChoiceField(
        label=_("Serves my horizon"), choices=HorizonYears.choices, coerce=int, initial=1
    )
    target_date = forms.DateField(
        label=_("By"), widget=DateInput(), required=False, validators=date_validators()
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault(
            "target_date", timezone.localdate() + datetime.timedelta(days=30)
        )
        super().__init__(*args, **kwargs)
