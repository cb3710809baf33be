import pytest
from django.urls import reverse

from tests.urlconf import project_routes

pytestmark = pytest.mark.django_db

# The only project URLs a visitor may open without logging in.
PUBLIC = {"landing", "healthz"}

ROUTES = project_routes()


def test_the_walk_finds_the_project_urls():
    names = {route.name for route in ROUTES}

    assert {"landing", "dashboard", "accounts:profile", "accounts:delete"} <= names


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC], ids=lambda r: r.name)
def test_every_app_page_sends_anonymous_visitors_to_login(client, route):
    assert not route.params, f"{route.name} takes {route.params}: give the test sample values"
    url = reverse(route.name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_for_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200
