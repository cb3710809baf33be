"""The language a person chooses (User.language) and the cookie that remembers it.

A signed-in person is spoken to in their chosen language (UserLanguageMiddleware); the language
cookie makes the choice stick on the device after they sign out, or before they have verified
their address. A view that saves a choice calls `remember`; the middleware writes the cookie."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CHOSEN = "_chosen_language"  # on the request: the language just saved ("": the browser's)


def choices() -> list[tuple[str, str]]:
    """The empty choice (the browser's language), then each language named in itself."""
    return [("", _("Your browser's language")), *settings.LANGUAGES]


def current() -> str:
    """The active language as one of settings.LANGUAGES ("de-at" → "de")."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def remember(request, language: str) -> None:
    """Asks for the language cookie to be set (or, for "", cleared) on this request's response."""
    if request is not None:
        setattr(request, CHOSEN, language or "")


def remember_in_cookie(response, language: str) -> None:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
