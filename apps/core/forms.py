from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ScaleSelect(forms.RadioSelect):
    """A 1–5 scale in one row of large targets (static/css: .scale), or any short row of
    choices given as `choices`."""

    def __init__(self, attrs=None, choices=SCORE_CHOICES):
        super().__init__({"class": "scale", **(attrs or {})}, choices=choices)


class DateInput(forms.DateInput):
    """A native date picker. Its value is always ISO 8601 (YYYY-MM-DD), the only format an
    `<input type="date">` takes: in the language's format ("19/02/2027" in en-gb) the browser
    shows an empty field and a form saved as it is loses the date."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class OwnedChoicesMixin:
    """Limits every related-object field to the owner's own rows (see OWNED_FIELDS)."""

    OWNED_FIELDS: dict[str, callable] = {}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        for name, queryset_for in self.OWNED_FIELDS.items():
            if name in self.fields:
                self.fields[name].queryset = queryset_for(owner)
                self.fields[name].clean = _refusing_impossible_ids(self.fields[name])


ID_LIMIT = 2**63 - 1  # the largest id a database column holds


def _refusing_impossible_ids(field):
    """The field's clean(), refusing an id no row can have before it reaches the database."""
    original = field.clean

    def clean(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                impossible = abs(int(item)) > ID_LIMIT
            except (TypeError, ValueError):
                continue
            if impossible:
                raise ValidationError(
                    _("Select a valid choice. That choice is not one of the available choices."),
                    code="invalid_choice",
                )
        return original(value)

    return clean


def https_url_fields(model_field, **kwargs):
    """ModelForm `formfield_callback`: a bare "example.com" in a URL field means https."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)
