from celery import shared_task

from . import services


@shared_task(name="dataio.purge_previews", ignore_result=True)
def purge_previews():
    services.resume_previews_purge()
