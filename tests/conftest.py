import os

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

# `make test` sets this: there, a test that needs PostgreSQL, Redis or Chromium must never skip.
SERVICES_REQUIRED = bool(os.environ.get("CAREERBUILDER_REQUIRE_SERVICES"))


def require_service(available: bool, reason: str):
    if available:
        return
    if SERVICES_REQUIRED:
        pytest.fail(f"{reason}, but make test promised it")
    pytest.skip(f"{reason} (run `make test` for the real services)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth counts rate limits in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def redis_url():
    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    return settings.REDIS_URL


def _database_url_for(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    at = "@" if user else ""
    return (
        f"postgres://{user}{password}{at}{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory):
    """A real `celery worker` process on the Redis broker, using the test database."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    require_service(
        connection.vendor == "postgresql", "the worker needs the PostgreSQL test database"
    )
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": os.environ.get("EMAIL_URL", "consolemail://"),
    }
    root = Path(__file__).resolve().parents[1]
    with open(log, "w") as log_file:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "careerbuilder", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             f"--hostname=test-{os.getpid()}@%h"],
            cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    from careerbuilder.celery import app

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"the Celery worker did not start:\n{log.read_text()}")
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture
def celery_worker(celery_worker_process):
    """Sends tasks to the real worker instead of running them in the test process."""
    from careerbuilder.celery import app

    app.conf.task_always_eager = False
    yield celery_worker_process
    app.conf.task_always_eager = True


@pytest.fixture
def plan(user):
    """One of everything in `user`'s career plan, for tests that walk every URL."""
    from types import SimpleNamespace

    from tests.factories import (
        CheckInFactory,
        ContactFactory,
        EventFactory,
        HorizonFactory,
        InteractionFactory,
        JobFactory,
        LearningItemFactory,
        LedgerEntryFactory,
        MilestoneFactory,
        SkillFactory,
        StepFactory,
        ValueFactory,
    )

    job = JobFactory(owner=user)
    milestone = MilestoneFactory(owner=user)
    contact = ContactFactory(owner=user)
    return SimpleNamespace(
        checkin=CheckInFactory(owner=user),
        skill=SkillFactory(owner=user),
        learning_item=LearningItemFactory(owner=user),
        contact=contact,
        interaction=InteractionFactory(contact=contact),
        event=EventFactory(owner=user),
        owner=user,
        horizon=HorizonFactory(owner=user, is_north_star=True),
        value=ValueFactory(owner=user),
        job=job,
        ledger_entry=LedgerEntryFactory(job=job),
        milestone=milestone,
        step=StepFactory(milestone=milestone),
    )


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user)
    return client
