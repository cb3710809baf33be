from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import preference_form_fields
from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    """Each kind's switches (from the registry, in its order), then the quiet hours and pause."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = [*preference_form_fields(), "quiet_from", "quiet_until", "paused"]
        self.fields = {name: self.fields[name] for name in wanted if name in self.fields}

    class Meta:
        model = ReminderPreference
        # every switch a kind may name; __init__ keeps the registry's and orders them
        fields = [
            field.name
            for field in ReminderPreference._meta.concrete_fields
            if field.editable and field.name not in ("id", "user", "snoozed_until")
        ]
        help_texts = {
            "quiet_from": _(
                "No reminder is sent between these hours, your time: one that falls due then "
                "waits until they end. Empty for none."
            ),
            "paused": _("Nothing is sent while paused."),
        }
