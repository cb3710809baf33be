"""Crawls of every GET page in the URLconf, as every role, over a plan with every field filled.

- A GET never changes state (mail scanners and link prefetchers open pages too).
- Nobody is ever served somebody else's page from the cache: each page is rendered, against the
  real Redis, by two users in both orders (a mentor and her mentee, an unshared and a former
  mentor, strangers), and must read exactly as it does for its viewer with an empty cache.

New URLs are crawled without anyone listing them here (tests/urlconf.py walks the URLconf).
"""

import difflib
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.worlds import changed_tables, database_state, get_urls, world

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other", "former", "unshared", "mentor", "owner"]


@pytest.fixture
def people(db):
    return world()


def crawl(client, urls, user=None) -> dict[str, str]:
    if user is not None:
        client.logout()
        client.force_login(user)
    pages = {}
    for name, url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
        pages[name] = comparable(response)
    return pages


def comparable(response) -> str:
    """The page without what differs on every rendering (each form's masked CSRF token)."""
    text = response.content.decode(errors="replace")
    text = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r"\1TOKEN", text)
    return re.sub(r'("X-CSRFToken": )"[^"]+"', r"\1TOKEN", text)


def test_no_get_changes_anything(client, people):
    sample, users = people
    urls = get_urls(sample)

    for role in ROLES:
        before = database_state()
        crawl(client, urls, users.get(role))
        if changed := changed_tables(before, database_state()):
            culprits = []
            for name, url in urls:  # which page did it
                before = database_state()
                client.get(url)
                if changed_tables(before, database_state()):
                    culprits.append(name)
            pytest.fail(f"GETs as {role} changed {changed}: {culprits}")


@pytest.fixture
def real_redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {"BACKEND": "apps.core.cache.ResilientRedisCache", "LOCATION": redis_url}
    }
    cache.clear()
    yield
    cache.clear()


PAIRS = [
    ("solo_mentee", "solo_mentor"),  # a one-to-one mentorship: the same two plans on both sides
    ("owner", "mentor"),
    ("owner", "former"),
    ("mentor", "unshared"),
    ("owner", "other"),
]


@pytest.mark.parametrize("pair", PAIRS, ids="-".join)
def test_nobody_is_served_anothers_cached_page(people, real_redis_cache, pair):
    sample, users = people
    urls = get_urls(sample)
    browsers = {}
    for role in pair:  # each signs in once: their sign-in history does not grow in between
        browsers[role] = Client()
        browsers[role].force_login(users[role])
    alone = {}
    with time_machine.travel(timezone.now(), tick=False):  # the calendar feed is stamped
        for role in pair:
            cache.clear()
            alone[role] = crawl(browsers[role], urls)

        for first, second in (pair, pair[::-1]):
            cache.clear()
            crawl(browsers[first], urls)  # fills the cache with the first viewer's pages
            after = crawl(browsers[second], urls)

            wrong = [name for name, _url in urls if after[name] != alone[second][name]]
            assert not wrong, f"{second} after {first} saw other pages: {wrong}\n" + "".join(
                difflib.unified_diff(
                    alone[second][wrong[0]].splitlines(True), after[wrong[0]].splitlines(True)
                )
            )
