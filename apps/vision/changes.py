from django.urls import reverse

from apps.core.changes import Change, provides

from .models import VisionRevision


@provides("vision")
def vision_revised(*, owner_id, since) -> list[Change]:
    revisions = VisionRevision.objects.filter(owner_id=owner_id, created_at__gt=since)
    return [
        Change("vision", revision.created_at, "Changed the vision", reverse("vision:index"))
        for revision in revisions
    ]
