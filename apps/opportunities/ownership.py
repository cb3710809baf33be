"""Templates for taking ownership of one's career: each becomes an ownership milestone with a
short preparation checklist, the case made from the evidence the plan already holds."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OwnershipTemplate:
    key: str
    title: str
    why: str
    steps: tuple[str, ...]


TEMPLATES = {
    template.key: template
    for template in (
        OwnershipTemplate(
            "promotion",
            _("Ask for a promotion"),
            _("Nobody promotes the person who waits: ask, with the facts."),
            (
                _("Write down the role you want and what it asks of you"),
                _("Gather the evidence: what you delivered and what it changed"),
                _("Find out how promotions are decided, and who decides"),
                _("Book the conversation with your manager"),
                _("Agree what happens next, and by when"),
            ),
        ),
        OwnershipTemplate(
            "project",
            _("Propose a project"),
            _("Bring the problem and the plan: the project that moves you toward your horizon."),
            (
                _("Name the problem and who has it"),
                _("Sketch the first three steps and what they cost"),
                _("Show what you have done that makes you the one to lead it"),
                _("Find a sponsor and book the pitch"),
            ),
        ),
        OwnershipTemplate(
            "industry",
            _("Change industry"),
            _("Switching is a sequence of small, deliberate steps, not a leap."),
            (
                _("List what carries over: skills, knowledge, people"),
                _("Talk to three people already in the industry"),
                _("Close the biggest skill gap with one course or project"),
                _("Rewrite your story for the new industry"),
                _("Apply to, or propose, your first role there"),
            ),
        ),
        OwnershipTemplate(
            "stretch",
            _("Ask for a stretch assignment"),
            _("Growth is outside the comfort zone: ask for the work that takes you there."),
            (
                _("Pick the assignment and the skill it stretches"),
                _("Gather what shows you are ready for it"),
                _("Ask, and agree how you will get support"),
            ),
        ),
    )
}
