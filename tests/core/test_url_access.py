import pytest
from django.urls import reverse

from tests.urlconf import project_routes

pytestmark = pytest.mark.django_db

# The only project URLs a visitor may open without logging in.
PUBLIC = {"landing", "healthz"}

# Sample arguments for every URL that takes some, built from the `plan` fixture. A new URL with
# arguments fails the walk until it is listed here, so no URL escapes the access tests.
OBJECT_KWARGS = {
    "vision:value_edit": lambda plan: {"pk": plan.value.pk},
    "vision:value_delete": lambda plan: {"pk": plan.value.pk},
    "vision:value_move": lambda plan: {"pk": plan.value.pk},
    "vision:job_detail": lambda plan: {"pk": plan.job.pk},
    "vision:job_edit": lambda plan: {"pk": plan.job.pk},
    "vision:job_delete": lambda plan: {"pk": plan.job.pk},
    "vision:ledger_create": lambda plan: {"pk": plan.job.pk},
    "vision:ledger_edit": lambda plan: {"pk": plan.ledger_entry.pk},
    "vision:ledger_delete": lambda plan: {"pk": plan.ledger_entry.pk},
    "milestones:detail": lambda plan: {"pk": plan.milestone.pk},
    "milestones:edit": lambda plan: {"pk": plan.milestone.pk},
    "milestones:delete": lambda plan: {"pk": plan.milestone.pk},
    "milestones:status": lambda plan: {"pk": plan.milestone.pk},
    "milestones:step_create": lambda plan: {"pk": plan.milestone.pk},
    "milestones:step_toggle": lambda plan: {"pk": plan.step.pk},
    "milestones:step_move": lambda plan: {"pk": plan.step.pk},
    "milestones:step_edit": lambda plan: {"pk": plan.step.pk},
    "milestones:step_delete": lambda plan: {"pk": plan.step.pk},
    "learning:skill_edit": lambda plan: {"pk": plan.skill.pk},
    "learning:skill_delete": lambda plan: {"pk": plan.skill.pk},
    "learning:item_detail": lambda plan: {"pk": plan.learning_item.pk},
    "learning:item_edit": lambda plan: {"pk": plan.learning_item.pk},
    "learning:item_delete": lambda plan: {"pk": plan.learning_item.pk},
    "network:contact_detail": lambda plan: {"pk": plan.contact.pk},
    "network:contact_edit": lambda plan: {"pk": plan.contact.pk},
    "network:contact_delete": lambda plan: {"pk": plan.contact.pk},
    "network:interaction_create": lambda plan: {"pk": plan.contact.pk},
    "network:interaction_delete": lambda plan: {"pk": plan.interaction.pk},
    "network:event_detail": lambda plan: {"pk": plan.event.pk},
    "network:event_edit": lambda plan: {"pk": plan.event.pk},
    "network:event_delete": lambda plan: {"pk": plan.event.pk},
}
OTHER_KWARGS = {
    "setup_step": lambda plan: {"step": "vision"},
    "setup_skip": lambda plan: {"step": "vision"},
}
SAMPLE_KWARGS = {**OBJECT_KWARGS, **OTHER_KWARGS}

ROUTES = project_routes()
PRIVATE_ROUTES = [route for route in ROUTES if route.name not in PUBLIC]
OBJECT_ROUTES = [route for route in ROUTES if route.name in OBJECT_KWARGS]


def url_for(route, plan):
    assert not route.params or route.name in SAMPLE_KWARGS, (
        f"{route.name} takes {route.params}: add sample values to SAMPLE_KWARGS"
    )
    kwargs = SAMPLE_KWARGS[route.name](plan) if route.params else {}
    return reverse(route.name, kwargs=kwargs)


def test_the_walk_finds_the_project_urls():
    names = {route.name for route in ROUTES}

    assert {"landing", "dashboard", "accounts:profile", "vision:edit", "milestones:detail"} <= names


def test_every_url_with_arguments_has_sample_values():
    missing = [r.name for r in ROUTES if r.params and r.name not in SAMPLE_KWARGS]

    assert not missing


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=lambda r: r.name)
def test_every_app_page_sends_anonymous_visitors_to_login(client, plan, route):
    url = url_for(route, plan)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_another_user_gets_404_on_every_object_url(other_client, plan, route):
    url = url_for(route, plan)

    assert other_client.get(url).status_code in (404, 405)
    assert other_client.post(
        url, {"direction": "up", "status": "done", "title": "x"}
    ).status_code in (
        404,
        405,
    )


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_the_owner_reaches_every_object_url(user_client, plan, route):
    url = url_for(route, plan)

    assert user_client.get(url).status_code in (200, 405)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_for_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200
