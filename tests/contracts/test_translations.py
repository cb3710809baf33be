"""Every shipped language is complete, and every page speaks it.

The catalogues are checked the way `make messages` builds them: the strings marked anywhere in
the tree are extracted afresh, and each must be translated (not fuzzy, its placeholders kept) in
every language, and compiled. Then every page of the URL × role matrix is rendered in each
language and searched for the English sentences the templates marked: one left means a string was
not marked or not translated.
"""

import datetime
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.contracts.test_url_access import RULES
from tests.worlds import world

ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "scripts"))
import i18n  # noqa: E402  (scripts/i18n.py: the same extraction as `make messages`)

SOURCES = [ROOT / "apps", ROOT / "templates", ROOT / "careerbuilder", ROOT / "static" / "js"]


@pytest.fixture(scope="module")
def marked():
    return i18n.extract([str(path) for path in SOURCES])


def catalogue(language: str, domain: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def test_settings_ship_the_catalogued_languages():
    shipped = {translation.to_locale(code) for code, _name in settings.LANGUAGES}
    assert shipped == {"en_GB", *i18n.LANGUAGES}


def test_no_entry_is_untranslated_fuzzy_or_loses_a_placeholder():
    assert i18n.problems() == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_marked_string_is_in_the_catalogue_and_translated(marked, language):
    translated = {}
    for domain in i18n.DOMAINS:
        translated |= {i18n._key(e): e.translated() for e in catalogue(language, domain)}
    missing = [e.msgid for e in marked if not translated.get(i18n._key(e))]
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_the_compiled_catalogue_is_up_to_date(language, domain):
    po = catalogue(language, domain)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"))
    compiled = {i18n._key(e): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get(i18n._key(entry)) == (entry.msgstr, entry.msgstr_plural), entry.msgid


class PageText(HTMLParser):
    """The words a person reads or hears: text, and the attributes a screen reader speaks."""

    SPOKEN = {"title", "alt", "placeholder", "aria-label", "value"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(html: str) -> str:
    parser = PageText()
    parser.feed(html)
    return parser.text()


def english_sentences(marked, language: str) -> set[str]:
    """The marked sentences `language` words differently, long enough (three words or more, no
    placeholder or markup) not to be met by chance in the world's own data."""
    translated = {i18n._key(e): e.msgstr for e in catalogue(language, "django")}
    sentences = set()
    for entry in marked:
        text = " ".join(entry.msgid.split())
        if entry.msgid_plural or re.search(r"[%{<>&]", text) or len(text.split()) < 3:
            continue
        if translated.get(i18n._key(entry)) not in ("", None, entry.msgid):
            sentences.add(text)
    return sentences


@pytest.fixture(scope="module")
def in_templates():
    found = i18n.extract([str(ROOT / "templates")])
    return {" ".join(e.msgid.split()) for e in found}


GET_PAGES = [
    (name, rule) for name, rule in RULES.items() if rule[0] == "get" and not name.startswith("api:")
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES[1:]])
def test_every_page_speaks_the_language_with_no_english_left(
    client, marked, in_templates, language
):
    """Each page each role reaches, for a visitor whose browser asks for the language and for
    users who chose it: no error, and none of the templates' English sentences left."""
    sample, users = world()
    for user in users.values():
        user.language = language
        user.save(update_fields=["language"])
    sentences = english_sentences(marked, translation.to_locale(language)) & in_templates
    found = []
    for name, (_method, sample_kwargs, expected) in GET_PAGES:
        url = reverse(name, kwargs=sample_kwargs(sample) if sample_kwargs else None)
        for role in ("anonymous", "owner", "mentor"):
            if expected[role] != 200:
                continue
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (name, role)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            assert response["Content-Language"] == language, (name, role)
            text = page_text(response.content.decode())
            found += [f"{name} ({role}): {s!r}" for s in sorted(sentences) if s in text]
    assert not found, f"English left on pages in {language}:\n" + "\n".join(found)


def test_a_cached_fragment_is_kept_per_language():
    """Every cached piece of a page (apps/core/cache.py) is read in the language it was made in:
    a mentee in German and her mentor in English never see each other's words."""
    from apps.core.cache import fragment_key

    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.add(fragment_key("today", [1], ["2026-12-05"], viewer_id=1))
    assert len(keys) == len(settings.LANGUAGES)


@pytest.mark.django_db
def test_the_language_switch_remembers_a_visitors_choice_and_goes_nowhere_but_this_site(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/steal"}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("account_login"))
    assert page["Content-Language"] == "fr"
    assert 'lang="fr"' in page.content.decode()


@pytest.mark.django_db
def test_arabic_pages_read_right_to_left(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert page["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


@pytest.mark.parametrize(("language", "first"), [("en-gb", "0"), ("de", "0"), ("pt-br", "6")])
def test_the_week_begins_where_the_readers_calendar_begins_it(language, first):
    from apps.checkins.forms import RhythmForm

    with translation.override(language):
        choices = RhythmForm().fields["checkin_weekday"].choices
    assert str(choices[0][0]) == first
    assert sorted(value for value, _label in choices) == list(range(7))


@pytest.mark.django_db
def test_dates_follow_the_readers_language(client):
    sample, users = world()
    owner = users["owner"]
    assert sample.milestone.target_date == datetime.date(2027, 2, 19)
    url = reverse("milestones:detail", kwargs={"pk": sample.milestone.pk})
    client.force_login(owner)
    for language, shown in [
        ("en-gb", "19 February 2027"),
        ("de", "19. Februar 2027"),
        ("es", "19 de febrero de 2027"),
        ("pt-br", "19 de Fevereiro de 2027"),  # Django's own month names
        ("ar", "19 فبراير، 2027"),
    ]:
        owner.language = language
        owner.save(update_fields=["language"])
        assert shown in client.get(url).content.decode(), language


def test_every_date_format_a_template_uses_is_one_the_languages_word():
    from apps.core.i18n import DATE_FORMATS as FORMATS

    used = set()
    for path in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r'\|ldate:"([^"]+)"', path.read_text(encoding="utf-8")))
    assert used <= set(FORMATS), f"add to apps/core/templatetags/dates.py: {used - set(FORMATS)}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_an_email_reads_in_its_language_and_direction(mailoutbox, language):
    from apps.accounts.audit import Actor
    from apps.mentoring import services
    from tests.factories import UserFactory

    mentee = UserFactory(language=language)
    services.invitation_create(
        mentee=mentee,
        email="mentor@example.com",
        site_url="https://x.example/",
        actor=Actor(mentee),
    )
    [message] = mailoutbox
    html = message.alternatives[0][0]
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    with translation.override(language):
        assert translation.gettext("Hello,") in message.body


def test_python_writes_dates_in_the_readers_order_too():
    """`date_format(day, "j F Y")` would keep the English order in every language: Python says a
    date through a named format or `apps.core.i18n.local_date`, like the templates' ldate."""
    neutral = {"H:i", "M", "Y-m-d"}  # a time, a month's name, a machine's date: the same order
    found = []
    for path in (ROOT / "apps").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r'\bdate_format\([^()]*(?:\([^()]*\)[^()]*)*, "([^"]+)"\)', text):
            if not fmt.endswith("_FORMAT") and fmt not in neutral:
                found.append(f"{path.relative_to(ROOT)}: {fmt!r}")
    assert not found, "use local_date (apps/core/i18n.py): " + ", ".join(found)
