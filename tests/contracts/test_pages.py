import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_explains_the_product_to_visitors(client):
    response = client.get(reverse("landing"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Build a career, not just a job." in page
    assert reverse("account_signup") in page


def test_landing_sends_signed_in_users_to_their_dashboard(user_client):
    response = user_client.get(reverse("landing"))

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_navigation_names_every_area(user_client):
    page = user_client.get(reverse("dashboard")).content.decode()

    for area in ["Vision", "Milestones", "Learning", "Network", "Mentoring", "Check-ins"]:
        assert area in page


def test_pages_load_htmx_and_styles_from_this_server(client):
    page = client.get(reverse("landing")).content.decode()

    assert "/static/django_htmx/htmx-2.min.js" in page
    assert "/static/css/app.css" in page
    assert "https://" not in page.split("<body")[0]


def test_flash_messages_are_shown(user_client):
    response = user_client.post(
        reverse("accounts:profile"),
        {"display_name": "Ada", "headline": "", "time_zone": "UTC"},
        follow=True,
    )

    assert "Your profile is saved." in response.content.decode()


def test_a_missing_page_uses_the_site_layout(user_client):
    response = user_client.get("/milestones/999999/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
