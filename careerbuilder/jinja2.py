"""The Jinja2 environment of the emails: Django's gettext as `_`, so a mail speaks the language
active when it is rendered (`apps.core.i18n.speaking(recipient)`).

Templates mark text as `{{ _("Text") }}` or `{{ _("Hello %(name)s")|format(name=name) }}`: that
is the form `make messages` (Django's makemessages) extracts from them, as it does not read
Jinja's `{% trans %}` blocks. Plurals are chosen in Python with ngettext.
"""

import jinja2
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    # an email's `lang` and `dir` (Arabic reads right to left): the language it is rendered in
    env.globals.update(get_language=get_language, get_language_bidi=get_language_bidi)
    return env
