"""The cache: a Redis backend that degrades instead of failing, and per-user plan fragments.

With Redis down, every cache read misses and every write is dropped (with a warning in the log):
pages render from the database, rate limits are not counted (sign-in keeps working rather than
locking everyone out), and nothing answers 500.

Plan fragments: each user's plan has a version in the cache, a random token replaced after every
committed save or delete of anything they own. A fragment's key names who is looking (always: two
people shown the same plans, a mentor and her mentee, see different pages), the language it is
written in and the versions of every plan it shows, so a change shows at once and nothing has to
be invalidated by hand.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "plan-version:{}"
FRAGMENT_SECONDS = 24 * 60 * 60


def _tolerant(method_name: str, fallback):
    method = getattr(RedisCache, method_name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", method_name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method_name
    return call


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every call, about 0.1 ms each in redis-py
    8 (a third of a cached page's cache time, make bench); a client is thread-safe and holds no
    connection of its own, so one per connection pool is kept."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if (client := clients.get(id(pool))) is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering like an empty cache while Redis cannot be reached.

    Kept rather than django-redis with DJANGO_REDIS_IGNORE_EXCEPTIONS: there a failed `add`
    answers None, so allauth's rate-limit lock is never taken and every sign-in waits out its
    one-second lock timeout while Redis is down; here `add` answers as an empty cache would."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    add = _tolerant("add", True)  # as into an empty cache: allauth's rate-limit lock is taken
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    incr = _tolerant("incr", lambda key, delta=1, version=None: delta)
    has_key = _tolerant("has_key", False)
    clear = _tolerant("clear", False)


def plan_versions(owner_ids, *, request=None) -> str:
    """The current versions of these users' plans, as one string for a cache key. A `request`
    remembers what it read, so a page with several fragments asks Redis once per plan: a change
    the request makes afterwards only means it stores what it renders under a retired key."""
    known = request.__dict__.setdefault("plan_versions", {}) if request is not None else {}
    keys = [VERSION_KEY.format(owner_id) for owner_id in owner_ids]
    if unknown := [key for key in keys if key not in known]:
        found = cache.get_many(unknown)
        missing = {key: uuid.uuid4().hex for key in unknown if key not in found}
        if missing:
            cache.set_many(missing, timeout=None)
        known.update(found | missing)
    return ":".join(known[key] for key in keys)


def plan_changed(*, owner_id: int) -> None:
    """Retires every cached fragment of this user's plan: now, and again once the change is
    committed, so a page read between the two cannot keep the old plan under the new version."""

    def new_version():
        cache.set(VERSION_KEY.format(owner_id), uuid.uuid4().hex, timeout=None)

    new_version()
    transaction.on_commit(new_version)


def plan_changed_for(model, *, owner_id) -> None:
    """Registers `model` as shown in someone's pages: each committed save or delete of a row
    retires the pages of the user `owner_id(row)` names."""

    def changed(sender, instance, **kwargs):
        plan_changed(owner_id=owner_id(instance))

    label = model._meta.label
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"plan-save-{label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"plan-del-{label}")


def fragment_key(name: str, owner_ids, vary, *, viewer_id, request=None) -> str:
    parts = [
        name,
        f"viewer:{viewer_id}",
        f"language:{translation.get_language()}",  # the same plan, read in another language
        plan_versions(owner_ids, request=request),
        *map(repr, vary),
    ]
    return "plan-fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def plan_cached(name: str, owner_ids, vary, compute, *, viewer, request=None):
    """What `compute()` returns for `viewer`, kept until one of these users' plans changes;
    `vary` names anything else it depends on (today, the time zone, the query…)."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    key = fragment_key(name, owner_ids, vary, viewer_id=viewer_id, request=request)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value
