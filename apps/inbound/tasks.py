import logging

from celery import shared_task
from django.core.mail import get_connection

from apps.accounts.models import User
from apps.accounts.selectors import suppressed_addresses
from apps.checkins.models import CheckIn

from . import services
from .emails import checkin_confirmation

logger = logging.getLogger("careerbuilder.inbound")


@shared_task(name="inbound.confirm", ignore_result=True, autoretry_for=(OSError,),
             retry_backoff=60, max_retries=5)  # fmt: skip
def confirm(*, user_id: int, to: str, period: str, checkin_id: int | None, problems: list[str]):
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or suppressed_addresses([to]):
        return
    checkin = CheckIn.objects.filter(pk=checkin_id, owner=user).first() if checkin_id else None
    message = checkin_confirmation(
        user=user, to=to, period=period, checkin=checkin, problems=problems
    )
    with get_connection() as connection:
        message.connection = connection
        sent = message.send()
    logger.info("confirmation of an emailed check-in: %s sent to user %s", sent, user.pk)


@shared_task(name="inbound.purge", ignore_result=True)
def purge():
    services.inbound_purge()
