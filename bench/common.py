"""What the benchmarks share: the project's root, their log lines, free ports and waiting, the
services they need, the machine and commit they ran on, and writing their report."""

import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, *, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise RuntimeError(f"Timed out waiting for {what}.")


def require_services(command: str) -> None:
    """Stops with a hint when there is no PostgreSQL or Redis to measure against."""
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        sys.exit(f"{command} needs DATABASE_URL and REDIS_URL (see scripts/with-services.sh).")


def ensure_database() -> None:
    """Creates the database DATABASE_URL names when the server does not have it yet."""
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as server:
        name = settings_dict["NAME"]
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(f'CREATE DATABASE "{name}"')


def git_commit() -> str:
    """HEAD's short hash, for the report."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return commit or "unknown"


def machine() -> str:
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info()["redis_version"]
    return (
        f"{os.cpu_count()} cores ({model}), {memory_kb / 1024 / 1024:.1f} GiB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"PostgreSQL {postgres}, Redis {redis_version}"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(output: str, text: str) -> None:
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(text)
    print(text)
    log(f"Written to {output}")
