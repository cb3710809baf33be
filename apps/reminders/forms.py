from django import forms

from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = [
            "milestone_due", "milestone_days_before", "milestone_overdue", "contact_due",
            "certification", "comments", "quiet_from", "quiet_until", "paused",
        ]  # fmt: skip
        help_texts = {
            "quiet_from": (
                "No reminder is sent between these hours, your time: one that falls due then "
                "waits until they end. Empty for none."
            ),
            "paused": "Nothing is sent while paused.",
        }
