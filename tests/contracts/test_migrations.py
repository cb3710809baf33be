"""The restructuring of the apps (issue #18) moved models between apps; a database made before it
migrates forward (and back) keeping every row. Each database is a scratch one, migrated in a fresh
process by tests/migration_check.py: PostgreSQL, and the SQLite file `make run` uses."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def check(database_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "tests.migration_check", database_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_sqlite_database_from_before_migrates_forward_keeping_every_row(tmp_path):
    result = check(f"sqlite:///{tmp_path / 'before.sqlite3'}")

    assert result.returncode == 0, result.stderr[-3000:]
    assert "every row kept" in result.stdout


@pytest.mark.django_db
def test_a_postgresql_database_from_before_migrates_forward_keeping_every_row():
    require_service(connection.vendor == "postgresql", "this needs the PostgreSQL server")
    params = connection.settings_dict
    server = (
        f"host={params['HOST']} port={params['PORT']} user={params['USER'] or 'postgres'} "
        f"dbname=postgres"
    )
    name = f"careerbuilder_migrations_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{params['USER'] or 'postgres'}@{params['HOST']}:{params['PORT']}/{name}"
        result = check(url)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert result.returncode == 0, result.stderr[-3000:]
    assert "every row kept" in result.stdout
