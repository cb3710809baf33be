"""The language a person reads: the one they chose, else the site's default.

Mail, tasks and anything else written outside a request call `language_of` (or wrap their work in
`speaking`) so that a message goes out in its recipient's language, not the sender's.
"""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import pgettext_lazy


def language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def speaking(user) -> AbstractContextManager:
    """`with speaking(user):` renders what follows in the user's language."""
    return translation.override(language_of(user))


# The date formats pages and emails use beyond Django's named ones, each worded by every catalogue
# for its language ("j. F Y" in German): `{{ day|ldate:"j F Y" }}` in a template, `local_date`
# in Python.
DATE_FORMATS = {
    "j F Y": pgettext_lazy("date format", "j F Y"),
    "j M": pgettext_lazy("date format", "j M"),
    "d M": pgettext_lazy("date format", "d M"),
    "d M Y": pgettext_lazy("date format", "d M Y"),
    "d F Y": pgettext_lazy("date format", "d F Y"),
    "M Y": pgettext_lazy("date format", "M Y"),
    "j M Y, H:i": pgettext_lazy("date format", "j M Y, H:i"),
    "j F Y, H:i": pgettext_lazy("date format", "j F Y, H:i"),
    "j M, H:i": pgettext_lazy("date format", "j M, H:i"),
    "l j M": pgettext_lazy("date format", "l j M"),
    "l j F": pgettext_lazy("date format", "l j F"),
    "l j F, H:i": pgettext_lazy("date format", "l j F, H:i"),
    "l j F Y": pgettext_lazy("date format", "l j F Y"),
    "l j F Y, H:i": pgettext_lazy("date format", "l j F Y, H:i"),
    "D j M": pgettext_lazy("date format", "D j M"),
    "D j M Y, H:i": pgettext_lazy("date format", "D j M Y, H:i"),
}


def local_date(value, fmt: str) -> str:
    """`value` written with `fmt` (a key of DATE_FORMATS) in the active language's order."""
    return formats.date_format(value, str(DATE_FORMATS.get(fmt, fmt)))
