"""Starter plans: an editable example for the first-run guide's forms, so a newcomer starts from a
believable draft instead of a blank page. Nothing is saved until they save a form.

Plain data, read by each area's page (vision, values, first milestone); the choice lives in the
session under SESSION_KEY. The texts are lazy translations: each page shows them in the language
it is read in, and a form saved from them keeps them in that language.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SESSION_KEY = "starter_plan"


@dataclass(frozen=True)
class Starter:
    key: str
    title: str
    horizons: dict[int, dict[str, str]]  # years: statement, target_role, why
    north_star: int
    beyond_the_paycheck: str
    values: list[tuple[str, str]]  # (name, what it means to me)
    milestone: dict[str, str | int]  # title, kind, horizon, description


STARTERS = {
    starter.key: starter
    for starter in [
        Starter(
            key="manager",
            title=_("Individual contributor → manager"),
            horizons={
                1: {
                    "statement": _("Lead one project end to end and mentor a newer colleague."),
                    "target_role": _("Senior engineer, project lead"),
                    "why": _("Practice leading before the title says I do."),
                },
                5: {
                    "statement": _(
                        "Manage a team of five to eight people whose work I am proud of."
                    ),
                    "target_role": _("Engineering manager"),
                    "why": _("My impact grows through other people's growth."),
                },
                10: {
                    "statement": _("Run a department known for growing its own leaders."),
                    "target_role": _("Director"),
                    "why": _("Build a place people want to work."),
                },
                20: {
                    "statement": _("Coach leaders across companies."),
                    "target_role": _("Executive coach"),
                    "why": _("Pass on what took me years."),
                },
            },
            north_star=5,
            beyond_the_paycheck=_("Helping people do the best work of their lives."),
            values=[
                (_("Growth"), _("I leave people better than I found them.")),
                (_("Honesty"), _("Clear feedback, given kindly.")),
                (_("Ownership"), _("If it is broken and I see it, it is mine.")),
            ],
            milestone={
                "title": _("Run my team's weekly planning for a month"),
                "kind": "ownership",
                "horizon": 1,
                "description": _(
                    "Ask my manager to hand it over; ask the team for feedback after four weeks."
                ),
            },
        ),
        Starter(
            key="career_change",
            title=_("Changing careers"),
            horizons={
                1: {
                    "statement": _(
                        "Ship a small real project in my new field and meet ten people "
                        "who work in it."
                    ),
                    "target_role": _("Career changer, learning"),
                    "why": _("Proof, to myself and to employers."),
                },
                5: {
                    "statement": _(
                        "Work in my new field in a role where what I know from my "
                        "first career is an advantage."
                    ),
                    "target_role": _("A role in my new field"),
                    "why": _("I know the people my new field serves from the inside."),
                },
                10: {
                    "statement": _("Lead work that fixes what I saw go wrong in my first career."),
                    "target_role": _("A lead in my new field"),
                    "why": _("Fix what frustrated me for years."),
                },
                20: {
                    "statement": _(
                        "Advise organisations in both of my fields, and help others "
                        "make the change I made."
                    ),
                    "target_role": _("Advisor and mentor"),
                    "why": _("Starting over should be easier for the next person."),
                },
            },
            north_star=5,
            beyond_the_paycheck=_("Work that uses all of who I am, not only my newest skills."),
            values=[
                (_("Curiosity"), _("I learn what I do not know yet, in public.")),
                (_("Care"), _("Every decision has a person at the other end.")),
                (_("Courage"), _("Starting over is allowed.")),
            ],
            milestone={
                "title": _("Finish a course in my new field and write up one case"),
                "kind": "learning",
                "horizon": 1,
                "description": _(
                    "Pick a problem from my current job; write the case as if for an interview."
                ),
            },
        ),
        Starter(
            key="consultant",
            title=_("Specialist → independent consultant"),
            horizons={
                1: {
                    "statement": _("Publish what I know and land my first paid side project."),
                    "target_role": _("Specialist with a side practice"),
                    "why": _("Test the market before I leave."),
                },
                5: {
                    "statement": _("Run my own practice with clients who come back."),
                    "target_role": _("Independent consultant"),
                    "why": _("Choose my work and my hours."),
                },
                10: {
                    "statement": _("Be the name people think of in my niche."),
                    "target_role": _("Principal consultant"),
                    "why": _("Depth over breadth."),
                },
                20: {
                    "statement": _("Teach the craft and pick only the projects I love."),
                    "target_role": _("Author and advisor"),
                    "why": _("Give back what I learned."),
                },
            },
            north_star=5,
            beyond_the_paycheck=_("Freedom to do excellent work on my own terms."),
            values=[
                (_("Independence"), _("I answer for my own work.")),
                (_("Mastery"), _("Better every year at one thing.")),
                (_("Trust"), _("Clients come back because I keep my word.")),
            ],
            milestone={
                "title": _("Write and publish three articles in my niche"),
                "kind": "challenge",
                "horizon": 1,
                "description": _("One a month; share each with ten people whose opinion I value."),
            },
        ),
    ]
}

EXAMPLE_FIVE_YEARS = _(
    "Leading a small product team in health tech, known for making clinicians' days easier."
)


def pick(request) -> Starter | None:
    """The starter plan chosen on this visit (`?starter=`, remembered for the guide's next
    steps) or earlier in the session."""
    key = request.GET.get("starter")
    if key in STARTERS:
        request.session[SESSION_KEY] = key
    return STARTERS.get(request.session.get(SESSION_KEY, ""))
