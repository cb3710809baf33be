"""Every form, fed whatever hypothesis makes up: never a 500; when the input is refused, the form
comes back with its errors shown and nothing in the database has changed; a page that shows its
form again after saving (the API token page) shows no error."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# (URL name, the plan object whose id the URL takes, or None). Each has a GET page with its form.
FORM_PAGES = [
    ("vision:edit", None),
    ("vision:values", None),
    ("vision:value_edit", "value"),
    ("vision:job_create", None),
    ("vision:job_edit", "job"),
    ("vision:ledger_create", "job"),
    ("vision:ledger_edit", "ledger_entry"),
    ("milestones:create", None),
    ("milestones:edit", "milestone"),
    ("learning:skill_create", None),
    ("learning:skill_edit", "skill"),
    ("learning:item_create", None),
    ("learning:item_edit", "learning_item"),
    ("network:contact_create", None),
    ("network:contact_edit", "contact"),
    ("network:event_create", None),
    ("network:event_edit", "event"),
    ("checkins:create", None),
    ("opportunities:create", None),
    ("opportunities:edit", "opportunity"),
    ("opportunities:score", "opportunity"),
    ("opportunities:decide", "opportunity"),
    ("reminders:preferences", None),
    ("accounts:profile", None),
    ("api:tokens", None),
]

# Forms posted from another page: their URL, and the fields they send.
POSTED_FORMS = [
    ("milestones:step_create", "milestone", ["title"]),
    ("milestones:status", "milestone", ["status", "next"]),
    ("network:interaction_create", "contact", ["date", "kind", "notes"]),
    ("mentoring:invite", None, ["email"]),
    ("accounts:delete", None, ["password", "confirm"]),
    (
        "opportunities:move",
        "opportunity",
        ["stage", "label", "on", "note", "next_action", "next_action_on"],
    ),
    ("opportunities:snooze", "opportunity", ["until"]),
    ("opportunities:introduction", "opportunity", ["contact", "note"]),
    ("opportunities:ownership_start", None, ["template", "horizon", "target_date"]),
]

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "6",
        "101",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2026-02-30",
        "31/12/2026",
        "9999-12-31",
        "0001-01-01",
        "true",
        "on",
        "null",
        "<script>x</script>",
        "' OR 1=1 --",
        "\x00",
        "a" * 5000,
        "🙂" * 100,
        "=cmd|' /C calc'!A0",
        "../../etc/passwd",
        "http://",
        "javascript:alert(1)",
        "not-an-email",
        "Europe/Atlantis",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=200), st.integers().map(str))

PLAN_MODELS = [
    "vision.Vision",
    "vision.Horizon",
    "vision.Value",
    "vision.Job",
    "vision.LedgerEntry",
    "milestones.Milestone",
    "milestones.Step",
    "learning.Skill",
    "learning.LearningItem",
    "network.Contact",
    "network.Interaction",
    "network.Event",
    "network.Tag",
    "checkins.CheckIn",
    "reminders.ReminderPreference",
    "accounts.User",
    "api.PersonalAccessToken",
    "mentoring.Invitation",
    "mentoring.Comment",
    "opportunities.Opportunity",
    "opportunities.StageMove",
    "opportunities.HorizonScore",
    "opportunities.ValueScore",
]


def database_state():
    """Every row of every table a form could write to."""
    return [list(apps.get_model(name).objects.order_by("pk").values()) for name in PLAN_MODELS]


def url_for(plan, name, arg):
    return reverse(name, args=[getattr(plan, arg).pk] if arg else [])


def field_names(html: str) -> list[str]:
    """The names the page's main form posts (not the CSRF token, not the logout form)."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S)
    names = set()
    for form in forms:
        names |= set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', form))
    return sorted(names - {"csrfmiddlewaretoken"})


def submissions(names: list[str]):
    return st.fixed_dictionaries({}, optional={name: VALUE for name in names})


def check(response, before, submitted):
    assert response.status_code < 500
    if response.status_code in (200, 400):
        html = response.content.decode()
        shows_errors = "errorlist" in html or 'aria-invalid="true"' in html
        if database_state() != before:  # saved, and shown in place (a new API token)
            assert not shows_errors
        elif submitted:  # refused: the form again, with its errors (an empty POST is a GET)
            assert shows_errors


EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(("name", "arg"), FORM_PAGES)
@EXAMPLES
@given(data=st.data())
def test_a_form_page_survives_any_input(user_client, plan, name, arg, data):
    url = url_for(plan, name, arg)
    page = user_client.get(url)
    assert page.status_code == 200
    names = field_names(page.content.decode())
    assert names, f"{name} shows no form"
    submitted = data.draw(submissions(names))
    before = database_state()

    check(user_client.post(url, submitted), before, submitted)


@pytest.mark.parametrize(("name", "arg", "names"), POSTED_FORMS)
@EXAMPLES
@given(data=st.data())
def test_a_posted_form_survives_any_input(user_client, plan, name, arg, names, data):
    submitted = data.draw(submissions(names))
    before = database_state()

    response = user_client.post(url_for(plan, name, arg), submitted)

    assert response.status_code < 500
    if response.status_code in (200, 400):
        assert database_state() == before


@pytest.mark.parametrize("name", ["account_signup", "account_login", "account_reset_password"])
@EXAMPLES
@given(data=st.data())
def test_an_account_form_survives_any_input(client, name, data):
    url = reverse(name)
    names = field_names(client.get(url).content.decode())
    before = database_state()

    response = client.post(url, data.draw(submissions(names)))

    assert response.status_code < 500  # refused, rate-limited (429) or accepted
    if response.status_code in (200, 400, 429):
        assert database_state() == before
