"""`{{ day|ldate:"j F Y" }}`: Django's `date` filter, in the order the reader's language writes a
date ("19. Februar 2027", "19 de febrero de 2027", "19 February 2027").

Django names only a few formats per locale (DATE_FORMAT, YEAR_MONTH_FORMAT…); the pages need
more ("Monday 2 March", "2 Mar, 09:00"), so each English format is a message of its own (context
"date format") that every catalogue words for its language. A template library is loaded by
name in every template that uses it; an unknown format is shown as given, and
tests/contracts/test_translations.py fails on any format a template uses that
`apps.core.i18n.DATE_FORMATS` does not list.
"""

from django import template
from django.template.defaultfilters import date

from apps.core.i18n import DATE_FORMATS

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def ldate(value, arg):
    return date(value, str(DATE_FORMATS.get(arg, arg)))
