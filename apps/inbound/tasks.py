from celery import shared_task

from . import services


@shared_task(
    name="inbound.confirm",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def confirm(*, confirmation_id: int):
    services.confirmation_send(confirmation_id=confirmation_id)


@shared_task(name="inbound.confirm_waiting", ignore_result=True)
def confirm_waiting():
    services.confirmations_queue_waiting()


@shared_task(name="inbound.purge", ignore_result=True)
def purge():
    services.inbound_purge()
