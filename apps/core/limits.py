"""What every road in (a form, the API, an import, an email) accepts, declared once on the models.

The limits live on the model fields as validators, so `full_clean` applies them whichever road a
value came by: a form runs them in its model validation, a DRF serializer copies them, the import
and the services call `full_clean`. A value stored before a limit existed stays readable and is
checked again only when it is edited (`CheckedWhenEdited`).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models import DEFERRED
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# What a person types on one line, by what it is (a model field's max_length, so the column,
# the form, the API and the import agree). Codes, choices and tokens size themselves.
TAG_LENGTH = 40  # a tag
LABEL_LENGTH = 80  # a word or two: a value, a skill, how you are shown, a token's name
SHORT_NAME_LENGTH = 120  # a person's or an organisation's name, a role, a provider
NAME_LENGTH = 200  # titles and names of things: a milestone, a step, a course, an event, a place
LINK_LENGTH = 300  # a web address
SHORT_TEXT_LENGTH = 2_000  # a horizon's statement, a reflection, a why
LONG_TEXT_LENGTH = 20_000  # Markdown descriptions, comments, notes
IMPORT_ROWS = 10_000  # rows one import of any kind may bring

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@deconstructible
class OneLine:
    """Refuses line breaks and other control characters: a name or title can reach an email's
    headers, a CSV cell or a calendar line, where a line break starts something new."""

    message = _("Keep this on one line, without line breaks or control characters.")
    code = "one_line"

    def __call__(self, value):
        if isinstance(value, str) and _CONTROL_CHARACTER.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, OneLine)


@deconstructible
class WithinSupportedDates:
    """Dates from 1900 to 2999: a plan needs no more, and date arithmetic (a year on, a day
    after) never overflows."""

    message = _("Choose a date between 1 January 1900 and 31 December 2999.")
    code = "date_out_of_range"

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if isinstance(day, datetime.date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, WithinSupportedDates)


no_nul = ProhibitNullCharactersValidator()
one_line = OneLine()
supported_date = WithinSupportedDates()


def line_validators() -> list:
    """For a one-line CharField (its max_length is its length limit)."""
    return [one_line]


def text_validators(limit: int) -> list:
    """For a TextField: no NUL (PostgreSQL refuses it) and at most `limit` characters."""
    return [no_nul, MaxLengthValidator(limit)]


def date_validators() -> list:
    return [supported_date]


class CheckedWhenEdited(models.Model):
    """Validates only the fields whose value changed since the row was read.

    A row written before a limit existed (a 2 MB description) stays readable, and saving the row
    for another reason (ticking a step re-saves its milestone's progress) does not fail on it; the
    field is checked when someone edits it."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=set(exclude or ()) | self._unchanged_fields())

    def _unchanged_fields(self) -> set[str]:
        loaded = getattr(self, "_loaded_values", {})
        unchanged = set()
        for field in self._meta.concrete_fields:
            if field.attname not in loaded:
                continue
            if loaded[field.attname] is DEFERRED:  # never read: unchanged unless set since
                if field.attname not in self.__dict__:
                    unchanged.add(field.name)
            elif self.__dict__.get(field.attname) == loaded[field.attname]:
                unchanged.add(field.name)
        return unchanged
