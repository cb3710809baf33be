import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import SERVICES_REQUIRED

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env_overrides):
    """Runs manage.py in a fresh process with the given environment on top of this one's."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    }
    env.update(DJANGO_SETTINGS_MODULE="careerbuilder.settings", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_there_are_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_make_test_runs_on_postgresql():
    if not SERVICES_REQUIRED:
        pytest.skip("only `make test` promises PostgreSQL")
    assert connection.vendor == "postgresql"


def test_production_profile_passes_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="production-secret-for-the-check-only-" + "x" * 40,
        ALLOWED_HOSTS="careers.example.com",
        REDIS_URL="redis://127.0.0.1:6379/0",  # rate limits need a shared cache (not contacted)
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_profile_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_social_providers_are_off_by_default_and_enabled_from_the_environment():
    show = "from django.conf import settings; print(sorted(settings.SOCIALACCOUNT_PROVIDERS))"

    off = manage("shell", "-c", show)
    on = manage(
        "shell",
        "-c",
        show,
        SOCIAL_PROVIDERS="github",
        SOCIAL_GITHUB_CLIENT_ID="client-id",
        SOCIAL_GITHUB_SECRET="client-secret",
    )

    assert off.stdout.strip().splitlines()[-1] == "[]"
    assert on.stdout.strip().splitlines()[-1] == "['github']", on.stderr


@pytest.mark.parametrize(
    ("variable", "value", "setting"),
    [
        ("ALLAUTH_TRUSTED_PROXY_COUNT", "1", "1"),
        ("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "X-Real-IP", "X-Real-IP"),
    ],
)
def test_the_trusted_proxy_is_set_from_the_environment(variable, value, setting):
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(settings.{variable})",
        **{variable: value},
    )

    assert result.stdout.strip().splitlines()[-1] == setting, result.stderr
