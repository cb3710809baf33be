from celery import shared_task

from . import services


@shared_task(name="core.purge_form_submissions", ignore_result=True)
def purge_form_submissions() -> int:
    return services.form_submissions_purge()
