from celery import shared_task

from apps.core.i18n import speaking

from . import services
from .models import ResumePreview


@shared_task(name="dataio.purge_previews", ignore_result=True)
def purge_previews():
    services.resume_previews_purge()


# 30,000 connections take well under a minute; the limits leave room for a slow database
@shared_task(
    name=services.IMPORT_TASK, ignore_result=True, soft_time_limit=10 * 60, time_limit=11 * 60
)
def resume_preview_import(preview_id: int):
    # outside a request: the rows the plan refuses are said in the owner's language
    preview = ResumePreview.objects.select_related("owner").filter(pk=preview_id).first()
    with speaking(preview and preview.owner):
        services.resume_preview_import(preview_id=preview_id, report_progress=True)
