"""Every form, saved exactly as the page renders it, changes nothing.

A form that renders a value it cannot read back (a date in the language's format in an
`<input type="date">`, a choice the select does not offer) loses that value when someone saves
after changing something else. WebTest submits each form on each page of the URLconf the way a
browser does (text as rendered, ticked boxes only, the selected options), for the plan's owner
and her mentor, over a plan with every field filled: no row may change. And every ModelForm of
the project must have been rendered for an existing object on the way, so a new edit form is
covered without anyone listing it.
"""

import datetime
import re

import pytest
import webtest.forms
from django import forms
from django.apps import apps

from tests.worlds import changed_rows, database_state, get_urls, world

pytestmark = pytest.mark.django_db

# ModelForms that never edit a saved object: there is nothing to save back.
CREATE_ONLY = {
    "apps.network.forms.InteractionForm": "interactions are logged and deleted, not edited",
    "apps.checkins.forms.CheckInForm": "a check-in is a moment's answer, not edited later",
    "apps.checkins.forms.QuickCheckInForm": "answered once; its page then edits the whole check-in",
    "apps.milestones.forms.StepForm": "adds a step on the milestone's page; StepEditForm edits it",
    "apps.opportunities.forms.NewOpportunityForm": "adds one; OpportunityForm edits it",
    "apps.meetings.forms.AgreementForm": "proposes one; a change is a new proposal, confirmed",
}


def project_model_forms() -> set[str]:
    found, todo = set(), [forms.ModelForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("apps."):
                found.add(f"{subclass.__module__}.{subclass.__qualname__}")
    return found


@pytest.fixture
def edited_forms(monkeypatch):
    """The ModelForm classes rendered for a saved object while the test runs."""
    seen = set()
    original = forms.models.BaseModelForm.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.instance.pk is not None:
            seen.add(f"{type(self).__module__}.{type(self).__qualname__}")

    monkeypatch.setattr(forms.models.BaseModelForm, "__init__", init)
    return seen


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", value))


# The HTML standard's value sanitization: what a browser does to a typed input's value before
# showing and submitting it (WebTest, like any HTTP client, sends the value as written).
SANITIZE = {
    "date": lambda value: value if _is_date(value) else "",
    "number": lambda value: value if _is_number(value) else "",
    "email": lambda value: value.replace("\r", "").replace("\n", "").strip(),
    "url": lambda value: value.replace("\r", "").replace("\n", "").strip(),
}


def as_a_browser_sends(form):
    for fields in form.fields.values():
        for field in fields:
            sanitize = SANITIZE.get(getattr(field, "attrs", {}).get("type", ""))
            if sanitize and isinstance(field.value, str):
                field.value = sanitize(field.value)
    return form


def own_forms(response, url):
    """The page's forms that post back to it and have something to fill in."""
    for form in response.forms.values():
        posts_back = form.method.lower() == "post" and form.action in ("", url)
        fillable = any(
            not isinstance(field, webtest.forms.Hidden | webtest.forms.Submit | webtest.forms.File)
            for fields in form.fields.values()
            for field in fields
        )
        if posts_back and fillable:
            yield form


def test_every_form_saved_as_rendered_changes_nothing(django_app, edited_forms):
    sample, users = world()
    submitted = []

    for role in ("owner", "mentor"):
        for name, url in get_urls(sample):
            page = django_app.get(url, user=users[role].email, expect_errors=True)
            if page.status_code != 200 or page.content_type != "text/html":
                continue
            for form in own_forms(page, url):
                before = database_state()
                response = as_a_browser_sends(form).submit(expect_errors=True)
                assert response.status_code < 500, f"{name}: {response.status_code}"
                changed = changed_rows(before, database_state())
                assert not changed, f"saving {name} as rendered changed {changed}"
                submitted.append(name)

    assert "milestones:edit" in submitted and "learning:item_edit" in submitted
    untested = project_model_forms() - edited_forms - set(CREATE_ONLY)
    assert not untested, f"no page edits an object with these forms: {sorted(untested)}"


def test_the_registry_knows_every_model_form():
    assert {
        "apps.milestones.forms.MilestoneForm",
        "apps.learning.forms.LearningItemForm",
        "apps.reminders.forms.PreferenceForm",
    } <= project_model_forms()
    assert apps.is_installed("apps.milestones")
