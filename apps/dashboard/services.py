import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.reminders.selectors import dispatcher_health

from .models import SetupSkip


def health_check() -> dict[str, str]:
    """Checks each backing service the app needs; a value other than "ok" names the failure."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except Exception as error:  # any failure here means the database is not usable
        status["database"] = f"error: {error.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
            )
            client.ping()
            status["redis"] = "ok"
        except redis.RedisError as error:
            status["redis"] = f"error: {error.__class__.__name__}"
    if status["database"] == "ok":
        status["reminders"] = dispatcher_health(timezone.now())
    return status


def setup_step_skip(*, owner, step: str) -> None:
    SetupSkip.objects.get_or_create(owner=owner, step=step)
