from django import forms
from django.db import models


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"


class OwnedChoicesMixin:
    """Limits every related-object field to the owner's own rows (see OWNED_FIELDS)."""

    OWNED_FIELDS: dict[str, callable] = {}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        for name, queryset_for in self.OWNED_FIELDS.items():
            if name in self.fields:
                self.fields[name].queryset = queryset_for(owner)


def https_url_fields(model_field, **kwargs):
    """ModelForm `formfield_callback`: a bare "example.com" in a URL field means https."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)
