from celery import shared_task

from . import services


@shared_task(name="reminders.dispatch", ignore_result=True)
def reminders_dispatch() -> int:
    return services.reminders_dispatch()


@shared_task(name="reminders.deliver", ignore_result=True)  # the Delivery row is the record
def reminders_deliver(delivery_ids: list[int]) -> list[str]:
    return services.reminders_deliver(delivery_ids=delivery_ids)
