from django.db import transaction
from django.utils import timezone

from apps.accounts.audit import Actor, record_deleted
from apps.core.ownership import require_owned
from apps.core.services import model_update

from .models import LearningItem, Skill


def skill_create(*, owner, milestone=None, **fields) -> Skill:
    require_owned(owner, milestone)
    skill = Skill(owner=owner, milestone=milestone, **fields)
    skill.full_clean()
    skill.save()
    return skill


def skill_update(*, skill: Skill, **fields) -> Skill:
    """Saves the changes; a new current level remembers the one before and when it moved, so
    a mentoring session's agenda can say "Public speaking: 2 → 3"."""
    require_owned(skill.owner, fields.get("milestone"))
    before = Skill.objects.filter(pk=skill.pk).values_list("current_level", flat=True).first()
    level = fields.get("current_level", skill.current_level)
    if before is not None and level != before:
        fields = {**fields, "previous_level": before, "level_moved_at": timezone.now()}
    return model_update(instance=skill, data=fields)


@transaction.atomic
def skill_delete(*, skill: Skill, actor: Actor) -> None:
    skill.delete()
    record_deleted(actor=actor, what="skill", name=skill.name)


@transaction.atomic
def learning_item_create(*, owner, skills=(), milestone=None, **fields) -> LearningItem:
    require_owned(owner, milestone, *skills)
    item = LearningItem(owner=owner, milestone=milestone, **fields)
    item.full_clean()
    item.save()
    item.skills.set(skills)
    return item


@transaction.atomic
def learning_item_update(*, item: LearningItem, skills=(), **fields) -> LearningItem:
    require_owned(item.owner, fields.get("milestone"), *skills)
    model_update(instance=item, data=fields)
    item.skills.set(skills)
    return item


@transaction.atomic
def learning_item_delete(*, item: LearningItem, actor: Actor) -> None:
    item.delete()
    # the audit trail is kept in English: the kind's key is its English name ("course")
    record_deleted(actor=actor, what=item.kind, name=item.title)
