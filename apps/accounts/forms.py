import zoneinfo

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import LABEL_LENGTH

from . import languages, services
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
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("help_text", _("Every date and time is shown in this zone."))
        super().__init__(**kwargs)
        self.widget.attrs["data-browser-time-zone"] = "true"
        # the search box app.js puts above the select speaks the page's language
        self.widget.attrs["data-search-label"] = _("Search the list of zones")
        self.widget.attrs["data-search-placeholder"] = _("Search: a city, a region")


class LanguageField(forms.ChoiceField):
    """The languages careerbuilder speaks, each named in itself, or none: the browser's."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", languages.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("help_text", User._meta.get_field("language").help_text)
        super().__init__(**kwargs)


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=LABEL_LENGTH,
        required=False,
        help_text=_("How you are shown to your mentors."),
        validators=User._meta.get_field("display_name").validators,
    )
    time_zone = TimeZoneField()
    language = LanguageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the language the sign-up page is shown in, so keeping it is no extra step
        self.fields["language"].initial = languages.current()

    def signup(self, request, user):
        services.user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            time_zone=self.cleaned_data["time_zone"],
            headline=user.headline,
            language=self.cleaned_data.get("language", ""),
        )
        languages.remember(request, user.language)


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField()
    language = LanguageField()

    class Meta:
        model = User
        fields = ["display_name", "headline", "time_zone", "language"]
        labels = {"display_name": _("Display name"), "headline": _("Headline")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything in it will be deleted for good.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That is not your current password."))
        return password
