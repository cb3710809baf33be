from celery import shared_task

from . import services


@shared_task(name="reminders.dispatch")
def reminders_dispatch() -> int:
    return services.reminders_dispatch()


@shared_task(name="reminders.deliver")
def reminders_deliver(delivery_id: int) -> str:
    return services.reminders_deliver(delivery_id=delivery_id)
