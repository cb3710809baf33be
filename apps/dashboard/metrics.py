"""Prometheus metrics of the reminder engine, read from PostgreSQL and Redis at each scrape.

A collector that reads the shared state, rather than counters kept in each process, gives the same
answer from whichever gunicorn worker answers the scrape, so prometheus-client's multiprocess mode
is not needed. Every figure comes from apps.reminders.selectors.engine_figures, which the admin
shows too.
"""

import hmac

import redis
from django.conf import settings
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from apps.reminders.selectors import engine_figures

CELERY_QUEUE = "celery"
CONTENT_TYPE = CONTENT_TYPE_LATEST


class EngineCollector:
    def collect(self):
        figures = engine_figures(timezone.now())
        yield GaugeMetricFamily(
            "careerbuilder_reminder_lag_seconds",
            "How long the oldest due moment has waited for the dispatcher.",
            value=figures["lag_seconds"],
        )
        yield GaugeMetricFamily(
            "careerbuilder_reminder_changes_waiting",
            "Users whose moments wait to be worked out again.",
            value=figures["changes_waiting"],
        )
        deliveries = GaugeMetricFamily(
            "careerbuilder_reminder_deliveries",
            "Reminder emails waiting, by status; sent and failed count the last hour.",
            labels=["status"],
        )
        for status, count in figures["deliveries"].items():
            deliveries.add_metric([status], count)
        yield deliveries
        duration = GaugeMetricFamily(
            "careerbuilder_dispatch_duration_seconds",
            "How long each partition's last finished dispatch run took.",
            labels=["partition"],
        )
        last_run = GaugeMetricFamily(
            "careerbuilder_dispatch_last_run_timestamp_seconds",
            "When each partition's dispatch last finished (0: never).",
            labels=["partition"],
        )
        failed = GaugeMetricFamily(
            "careerbuilder_dispatch_last_run_failed",
            "1 when a partition's last dispatch run failed.",
            labels=["partition"],
        )
        for number, state in figures["partitions"].items():
            label = [str(number)]
            duration.add_metric(label, state.last_duration if state else 0)
            ran = state.last_run_at.timestamp() if state and state.last_run_at else 0
            last_run.add_metric(label, ran)
            failed.add_metric(label, 1 if state and state.last_run_failed else 0)
        yield from (duration, last_run, failed)
        depth = queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "careerbuilder_celery_queue_depth",
                "Tasks waiting in the Celery queue.",
                value=depth,
            )


def queue_depth() -> int | None:
    if not settings.REDIS_URL:
        return None
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return client.llen(CELERY_QUEUE)
    except redis.RedisError:
        return None


def authorised(header: str) -> bool:
    """The request bears the configured token (compared in constant time)."""
    expected = f"Bearer {settings.METRICS_TOKEN}"
    return hmac.compare_digest(header.encode(), expected.encode())


def exposition() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(EngineCollector())
    return generate_latest(registry)
