from celery import shared_task

from . import services


@shared_task(name="reminders.dispatch", ignore_result=True)
def reminders_dispatch(partition: int | None = None, partitions: int | None = None) -> int:
    return services.reminders_dispatch(partition=partition, partitions=partitions)


@shared_task(name="reminders.deliver", ignore_result=True)  # the Delivery row is the record
def reminders_deliver(delivery_ids: list[int]) -> list[str]:
    return services.reminders_deliver(delivery_ids=delivery_ids)


@shared_task(name="reminders.purge", ignore_result=True)
def reminders_purge() -> int:
    return services.reminders_purge()
