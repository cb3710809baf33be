import zoneinfo

from django.conf import settings
from django.utils import timezone, translation

from . import languages


class UserTimezoneMiddleware:
    """Shows every date in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class UserLanguageMiddleware:
    """Speaks the signed-in user's chosen language; LocaleMiddleware has already taken the
    browser's (or the language cookie's) for everyone else.

    The language cookie keeps the choice on the device: set when a language is saved (the
    profile, the sign-up form: `languages.remember`) and whenever a signed-in user's cookie
    says otherwise than their choice, so the pages stay in it after they sign out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = ""
        if user is not None and user.is_authenticated and user.language:
            chosen = user.language
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        saved = getattr(request, languages.CHOSEN, None)
        if saved is not None:
            languages.remember_in_cookie(response, saved)
        elif chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            languages.remember_in_cookie(response, chosen)
        return response
