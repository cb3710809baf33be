from celery import shared_task

from . import services


@shared_task(name="dataio.purge_previews", ignore_result=True)
def purge_previews():
    services.resume_previews_purge()


# 30,000 connections take well under a minute; the limits leave room for a slow database
@shared_task(
    name=services.IMPORT_TASK, ignore_result=True, soft_time_limit=10 * 60, time_limit=11 * 60
)
def resume_preview_import(preview_id: int):
    services.resume_preview_import(preview_id=preview_id, report_progress=True)
