import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.changes import Change, provides

from .models import LearningItem, LearningStatus, Skill


@provides("learning")
def learning_finished(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "learning",
            timezone.make_aware(datetime.datetime.combine(item.finished_on, datetime.time.max)),
            _("Finished: %(title)s") % {"title": item.title},
            item.get_absolute_url(),
        )
        for item in LearningItem.objects.filter(
            owner_id=owner_id, status=LearningStatus.DONE, finished_on__gte=since.date()
        )
    ]


@provides("learning")
def learning_added(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "learning",
            item.created_at,
            _("Added to learning: %(title)s") % {"title": item.title},
            item.get_absolute_url(),
        )
        for item in LearningItem.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]


@provides("learning")
def skills_moved(*, owner_id, since) -> list[Change]:
    """A skill whose level moved: its last move, as "Public speaking: 2 → 3"."""
    return [
        Change(
            "learning",
            skill.level_moved_at,
            f"{skill.name}: {skill.previous_level} → {skill.current_level}",
            skill.get_absolute_url(),
        )
        for skill in Skill.objects.filter(owner_id=owner_id, level_moved_at__gt=since)
    ]
