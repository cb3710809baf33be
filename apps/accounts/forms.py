import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.limits import LABEL_LENGTH

from . import services
from .models import User


def time_zone_choices():
    """Region/City zones (and UTC); legacy aliases such as "GB" or "Factory" are left out."""
    names = [*sorted(name for name in zoneinfo.available_timezones() if "/" in name), "UTC"]
    return [(name, name.replace("_", " ")) for name in names]


class TimeZoneField(forms.ChoiceField):
    """A select of IANA zones; static/js/timezone.js preselects the browser's own."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("help_text", "Every date and time is shown in this zone.")
        super().__init__(**kwargs)
        self.widget.attrs["data-browser-time-zone"] = "true"
        # the search box app.js puts above the select speaks the page's language
        self.widget.attrs["data-search-label"] = _("Search the list of zones")
        self.widget.attrs["data-search-placeholder"] = _("Search: a city, a region")


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        max_length=LABEL_LENGTH,
        required=False,
        help_text="How you are shown to your mentors.",
        validators=User._meta.get_field("display_name").validators,
    )
    time_zone = TimeZoneField()

    def signup(self, request, user):
        services.user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            time_zone=self.cleaned_data["time_zone"],
            headline=user.headline,
        )


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = User
        fields = ["display_name", "headline", "time_zone"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account and everything in it will be deleted for good."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password
