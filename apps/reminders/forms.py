from django import forms

from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = [
            "checkin_cadence", "checkin_weekday", "checkin_hour", "milestone_due",
            "milestone_days_before", "milestone_overdue", "contact_due", "certification",
            "comments", "quiet_from", "quiet_until", "paused",
        ]  # fmt: skip
        help_texts = {
            "quiet_from": "No reminder is sent between these hours, your time. Empty for none.",
            "paused": "Nothing is sent while paused.",
        }

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("quiet_from") is None) != (cleaned.get("quiet_until") is None):
            self.add_error("quiet_until", "Give both ends of the quiet hours, or neither.")
        return cleaned
