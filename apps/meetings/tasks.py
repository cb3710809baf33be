from celery import shared_task

from . import services


@shared_task(
    name="meetings.session_mail_send",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def session_mail_send(*, mail_id: int):
    services.session_mail_send(mail_id=mail_id)


@shared_task(name="meetings.session_mails_waiting", ignore_result=True)
def session_mails_waiting():
    services.session_mails_queue_waiting()


@shared_task(name="meetings.purge_session_mails", ignore_result=True)
def purge_session_mails() -> int:
    return services.session_mails_purge()
