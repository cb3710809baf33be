from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())


def test_compose_runs_every_service_with_a_health_check():
    services = COMPOSE["services"]

    assert set(services) == {"web", "worker", "beat", "mail-in", "postgres", "redis", "mailpit"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"


def test_web_worker_beat_and_the_mail_receiver_share_one_definition():
    web, worker, beat, mail_in = (
        COMPOSE["services"][name] for name in ("web", "worker", "beat", "mail-in")
    )

    assert web["image"] == worker["image"] == beat["image"] == mail_in["image"]
    assert web["environment"] == worker["environment"] == beat["environment"]
    assert mail_in["environment"] == web["environment"]
    assert "manage.py receive_mail" in mail_in["command"]
    assert "gunicorn" in web["command"]
    assert "celery -A careerbuilder worker" in worker["command"]
    assert "celery -A careerbuilder beat" in beat["command"]


def test_web_is_probed_on_the_health_endpoint():
    assert "/healthz" in " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
