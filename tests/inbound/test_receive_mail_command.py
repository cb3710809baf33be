"""`manage.py receive_mail`, the process a self-hosted setup runs, speaking LMTP behind a mail
server: a reply handed to it is saved and confirmed."""

import os
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from apps.checkins.models import CheckIn
from tests.conftest import _database_url_for, require_service
from tests.inbound.mailauth import deliver, reply

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_command_receives_over_lmtp_and_saves_the_check_in(maya, smtp, tmp_path):
    require_service(connection.vendor == "postgresql", "needs the PostgreSQL test database")
    user, reply_to = maya
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",  # as deployed, not the test settings
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "INBOUND_DKIM_DNS": "tests.inbound.mailauth.dns_txt",
    }
    log = tmp_path / "receive_mail.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "receive_mail", "--lmtp", "--port", str(port)],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while "Receiving mail (LMTP)" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        deliver(port, reply(to=reply_to, sender=user.email), protocol=smtplib.LMTP)
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert process.returncode == 0, log.read_text()
    assert CheckIn.objects.filter(owner=user, north_star_progress=4, job_or_career=3).exists()
    assert [m["Subject"] for m in smtp.messages] == ["[careerbuilder] Your check-in is saved"]
