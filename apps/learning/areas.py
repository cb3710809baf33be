from apps.core.areas import ApiRoute, ExportLink, ExportSection, PlanArea, register

from . import api, selectors


def mentee_context(*, owner) -> dict:
    return {
        "skills": selectors.skills_for(owner=owner),
        "learning_items": selectors.learning_items_for(owner=owner),
    }


AREA = register(
    PlanArea(
        key="learning",
        label="Learning",
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
