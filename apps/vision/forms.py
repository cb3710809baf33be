from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, ScaleSelect

from .models import Horizon, HorizonYears, Job, LedgerEntry, Value, Vision


class HorizonForm(forms.ModelForm):
    class Meta:
        model = Horizon
        fields = ["statement", "target_role", "why"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "why": forms.Textarea(attrs={"rows": 2}),
        }


class VisionMainForm(forms.ModelForm):
    north_star = forms.TypedChoiceField(
        label=_("My North Star"),
        choices=[("", _("Not chosen yet")), *HorizonYears.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The horizon that guides everything else; it is shown across careerbuilder."),
    )

    class Meta:
        model = Vision
        fields = ["north_star", "beyond_the_paycheck"]
        widgets = {"beyond_the_paycheck": forms.Textarea(attrs={"rows": 3})}


class VisionEditForm:
    """The whole vision on one page: four horizon forms and the main form, valid together."""

    def __init__(self, data=None, *, vision, horizons, starter=None):
        """`starter` (apps.core.starters) prefills a vision not written yet, as an example."""
        north_star = next((h.years for h in horizons if h.is_north_star), None)
        self.saved = vision.pk is not None or any(h.pk for h in horizons)
        example = starter if starter and not self.saved else None
        main_initial = {"north_star": north_star if self.saved else 5}
        if example:
            main_initial.update(
                north_star=example.north_star, beyond_the_paycheck=example.beyond_the_paycheck
            )
        self.main = VisionMainForm(data, instance=vision, initial=main_initial)
        self.horizon_forms = [
            (
                horizon,
                HorizonForm(
                    data,
                    instance=horizon,
                    prefix=f"h{horizon.years}",
                    initial=example.horizons.get(horizon.years) if example else None,
                ),
            )
            for horizon in horizons
        ]

    @property
    def first(self):
        """The one question asked first: where do you want to be in five years?"""
        return next((h, f) for h, f in self.horizon_forms if h.years == 5)

    @property
    def others(self):
        return [(h, f) for h, f in self.horizon_forms if h.years != 5]

    @property
    def others_open(self) -> bool:
        """Fold the other horizons away unless they hold something or an error."""
        return any(
            form.errors
            or (form.is_bound and any(form.data.get(form.add_prefix(n)) for n in form.fields))
            or (
                not form.is_bound and any(form.initial.get(n) or getattr(h, n) for n in form.fields)
            )
            for h, form in self.others
        )

    def is_valid(self) -> bool:
        valid = self.main.is_valid() & all(form.is_valid() for _, form in self.horizon_forms)
        if valid:
            north_star = self.main.cleaned_data["north_star"]
            statements = {h.years: f.cleaned_data["statement"] for h, f in self.horizon_forms}
            if north_star and not statements.get(north_star, "").strip():
                self.main.add_error(
                    "north_star", gettext("Write where you want to be on that horizon first.")
                )
                valid = False
            elif self._empty() and not self.saved:
                self.main.add_error(
                    None,
                    gettext(
                        "Nothing was saved: write where you want to be on at least one horizon "
                        "(in 5 years, say), or what drives you beyond the paycheck."
                    ),
                )
                valid = False
        return valid

    def _empty(self) -> bool:
        return not self.main.cleaned_data["beyond_the_paycheck"].strip() and not any(
            value.strip() for _, form in self.horizon_forms for value in form.cleaned_data.values()
        )

    @property
    def cleaned_data(self) -> dict:
        return {
            "beyond_the_paycheck": self.main.cleaned_data["beyond_the_paycheck"],
            "north_star": self.main.cleaned_data["north_star"],
            "horizons": {h.years: f.cleaned_data for h, f in self.horizon_forms},
        }


class ValueForm(forms.ModelForm):
    class Meta:
        model = Value
        fields = ["name", "meaning"]
        widgets = {"meaning": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": _("Name")}

    def __init__(self, *args, example: tuple[str, str] | None = None, **kwargs):
        """`example`: a (name, meaning) shown as placeholders, never as values."""
        super().__init__(*args, **kwargs)
        if example:
            self.fields["name"].widget.attrs["placeholder"] = example[0]
            self.fields["meaning"].widget.attrs["placeholder"] = example[1]


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = ["title", "organisation", "location", "start_date", "end_date", "description"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": _("Title"),
            "organisation": _("Organisation"),
            "location": _("Location"),
        }
        help_texts = {"end_date": _("Leave empty while this is your current job.")}


class LedgerEntryForm(forms.ModelForm):
    """Scores only the horizons the owner has written (an unwritten horizon's score stays
    empty); a score already given for another horizon stays editable."""

    def __init__(self, *args, horizons=(), **kwargs):
        super().__init__(*args, **kwargs)
        written = {h.years: h for h in horizons if h.statement.strip()}
        for years in (1, 5, 10, 20):
            name = f"score_{years}"
            if years in written or getattr(self.instance, name, None) is not None:
                field = self.fields[name]
                field.required = True
                statement = written[years].statement if years in written else ""
                field.label = ngettext(
                    "Toward your %(years)s-year horizon",
                    "Toward your %(years)s-year horizon",
                    years,
                ) % {"years": years}
                field.help_text = statement[:120] + ("…" if len(statement) > 120 else "")
            else:
                del self.fields[name]

    @property
    def scores(self):
        return [self[name] for name in LedgerEntry.SCORE_FIELDS if name in self.fields]

    class Meta:
        model = LedgerEntry
        fields = [
            "recorded_on",
            "skills",
            "connections",
            "knowledge",
            "still_want",
            "score_1",
            "score_5",
            "score_10",
            "score_20",
        ]
        widgets = {
            "recorded_on": DateInput(),
            "skills": forms.Textarea(attrs={"rows": 2}),
            "connections": forms.Textarea(attrs={"rows": 2}),
            "knowledge": forms.Textarea(attrs={"rows": 2}),
            "still_want": forms.Textarea(attrs={"rows": 2}),
            **{name: ScaleSelect() for name in ("score_1", "score_5", "score_10", "score_20")},
        }
