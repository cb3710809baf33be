"""Dates as reminders and their emails say them: in English as they always have ("20 Feb"),
in any other language by its own formats ("20. Februar"). English keeps strftime, which is also
what a busy dispatcher can afford for every subject it builds."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or "en").startswith("en")


def day_and_month(day: datetime.date, english: str = "%d %b") -> str:
    """ "20 Feb" (or as `english` says, in strftime's terms); the language's day and month."""
    return day.strftime(english) if _english() else date_format(day, "MONTH_DAY_FORMAT")


def full_date(day: datetime.date, english: str = "%d %b %Y") -> str:
    """ "20 Feb 2026"; the language's date."""
    return day.strftime(english) if _english() else date_format(day, "DATE_FORMAT")


def date_and_time(moment: datetime.datetime, english: str = "%-d %B %Y, %H:%M") -> str:
    """ "2 March 2026, 09:00"; the language's date and time."""
    return moment.strftime(english) if _english() else date_format(moment, "DATETIME_FORMAT")
