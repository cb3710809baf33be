from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportLink, ExportSection, PlanArea, register

from . import api, selectors
from .models import LearningItem, LearningKind, LearningStatus


def mentee_context(*, owner) -> dict:
    return {
        "skills": selectors.skills_for(owner=owner),
        "learning_items": selectors.learning_items_for(owner=owner),
    }


def evidence(*, owner, start, end) -> list[Evidence]:
    """Learning finished in the period (a certification on the day it was issued), with its
    hours; toward the horizon of the milestone it serves."""
    lines = []
    for item in LearningItem.objects.filter(
        Q(status=LearningStatus.DONE, finished_on__range=(start, end))
        | Q(kind=LearningKind.CERTIFICATION, issued_on__range=(start, end)),
        owner=owner,
    ).select_related("milestone"):
        text = f"{item.title} ({item.provider})" if item.provider else item.title
        if item.hours_spent:
            text += ", " + _("%(hours)s hours") % {"hours": f"{item.hours_spent.normalize():f}"}
        certification = item.kind == LearningKind.CERTIFICATION
        issued = certification and item.issued_on and start <= item.issued_on <= end
        lines.append(
            Evidence(
                key=f"learningitem-{item.pk}",
                day=item.issued_on if issued else item.finished_on,  # the day in the period
                heading=_("Certifications") if certification else _("Learning finished"),
                text=text,
                url=item.get_absolute_url(),
                horizon=item.milestone.horizon if item.milestone else None,
            )
        )
    return lines


AREA = register(
    PlanArea(
        evidence=evidence,
        key="learning",
        label=gettext_lazy("Learning"),
        url_name="learning:index",
        order=30,
        shared_area="learning",
        commentable={"skill": "learning.Skill", "learningitem": "learning.LearningItem"},
        export=(
            ExportSection(
                name="skills",
                model="learning.Skill",
                owner_path="owner",
                fields=(
                    "name",
                    "current_level",
                    "target_level",
                    "why",
                    "horizon",
                    "milestone_id",
                ),
            ),
            ExportSection(
                name="learning",
                model="learning.LearningItem",
                owner_path="owner",
                fields=(
                    "kind",
                    "title",
                    "provider",
                    "link",
                    "status",
                    "hours_spent",
                    "started_on",
                    "finished_on",
                    "issued_on",
                    "expires_on",
                    "licence_number",
                    "milestone_id",
                ),
            ),
        ),
        links=(
            ExportLink(
                name="learning_skills",
                model="learning.LearningItem",
                field="skills",
                source="learningitem",
                target="skill",
                source_section="learning",
                target_section="skills",
            ),
        ),
        recap="learning",
        mentee_template="learning/_mentee.html",
        mentee_context=mentee_context,
        api=(
            ApiRoute("skills", api.SkillViewSet, "skill"),
            ApiRoute("learning-items", api.LearningItemViewSet, "learningitem"),
        ),
    )
)
