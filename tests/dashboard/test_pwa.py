"""The web app manifest, the service worker and the offline pages, as plain requests (the
browser's side is tests/e2e/test_pwa.py)."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_its_icons_and_shortcuts(client):
    response = client.get(reverse("manifest"))
    manifest = json.loads(response.content)

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1f4e79"
    assert [s["url"] for s in manifest["shortcuts"]] == [
        "/today/",
        "/checkins/new/",
        "/network/reach-out/",
    ]


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_the_manifest_speaks_the_visitors_language(client, language, direction):
    manifest = json.loads(client.get(reverse("manifest"), HTTP_ACCEPT_LANGUAGE=language).content)

    assert (manifest["lang"], manifest["dir"]) == (language, direction)
    with translation.override(language):
        assert manifest["shortcuts"][1]["name"] == translation.gettext("Check in")
        assert manifest["shortcuts"][1]["name"] != "Check in"


@pytest.mark.parametrize(
    ("path", "size"),
    [
        ("img/icon-192.png", 192),
        ("img/icon-512.png", 512),
        ("img/icon-maskable-512.png", 512),
        ("img/apple-touch-icon.png", 180),
    ],
)
def test_each_icon_is_a_png_of_its_size(path, size):
    with Image.open(finders.find(path)) as icon:
        assert (icon.format, icon.size) == ("PNG", (size, size))


def test_the_service_worker_is_javascript_never_cached_and_knows_its_shell(client):
    response = client.get(reverse("service_worker"))
    text = response.content.decode()

    assert response["Content-Type"] == "application/javascript"
    assert "no-cache" in response["Cache-Control"]
    assert '"/static/css/app.css"' in text
    assert '"/static/django_htmx/htmx-2.min.js"' in text
    assert '"/offline/"' in text


def test_the_offline_page_shows_nothing_of_the_signed_in_user(user_client, user):
    text = user_client.get(reverse("offline")).content.decode()

    assert "You are offline" in text
    assert user.email not in text
    assert "csrfmiddlewaretoken" not in text


def test_every_page_links_the_manifest(user_client):
    text = user_client.get(reverse("today")).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in text
    assert 'data-service-worker="/sw.js"' in text
