"""Starter plans: an editable example for the first-run guide's forms, so a newcomer starts from a
believable draft instead of a blank page. Nothing is saved until they save a form.

Plain data, read by each area's page (vision, values, first milestone); the choice lives in the
session under SESSION_KEY.
"""

from dataclasses import dataclass

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
            title="Individual contributor → manager",
            horizons={
                1: {
                    "statement": "Lead one project end to end and mentor a newer colleague.",
                    "target_role": "Senior engineer, project lead",
                    "why": "Practice leading before the title says I do.",
                },
                5: {
                    "statement": "Manage a team of five to eight people whose work I am proud of.",
                    "target_role": "Engineering manager",
                    "why": "My impact grows through other people's growth.",
                },
                10: {
                    "statement": "Run a department known for growing its own leaders.",
                    "target_role": "Director",
                    "why": "Build a place people want to work.",
                },
                20: {
                    "statement": "Coach leaders across companies.",
                    "target_role": "Executive coach",
                    "why": "Pass on what took me years.",
                },
            },
            north_star=5,
            beyond_the_paycheck="Helping people do the best work of their lives.",
            values=[
                ("Growth", "I leave people better than I found them."),
                ("Honesty", "Clear feedback, given kindly."),
                ("Ownership", "If it is broken and I see it, it is mine."),
            ],
            milestone={
                "title": "Run my team's weekly planning for a month",
                "kind": "ownership",
                "horizon": 1,
                "description": "Ask my manager to hand it over; ask "
                "the team for feedback after four weeks.",
            },
        ),
        Starter(
            key="career_change",
            title="Changing careers",
            horizons={
                1: {
                    "statement": "Ship a small real project in my new field and meet ten people "
                    "who work in it.",
                    "target_role": "Career changer, learning",
                    "why": "Proof, to myself and to employers.",
                },
                5: {
                    "statement": "Work in my new field in a role where what I know from my "
                    "first career is an advantage.",
                    "target_role": "A role in my new field",
                    "why": "I know the people my new field serves from the inside.",
                },
                10: {
                    "statement": "Lead work that fixes what I saw go wrong in my first career.",
                    "target_role": "A lead in my new field",
                    "why": "Fix what frustrated me for years.",
                },
                20: {
                    "statement": "Advise organisations in both of my fields, and help others "
                    "make the change I made.",
                    "target_role": "Advisor and mentor",
                    "why": "Starting over should be easier for the next person.",
                },
            },
            north_star=5,
            beyond_the_paycheck="Work that uses all of who I am, not only my newest skills.",
            values=[
                ("Curiosity", "I learn what I do not know yet, in public."),
                ("Care", "Every decision has a person at the other end."),
                ("Courage", "Starting over is allowed."),
            ],
            milestone={
                "title": "Finish a course in my new field and write up one case",
                "kind": "learning",
                "horizon": 1,
                "description": "Pick a problem from "
                "my current job; write the case as if for an interview.",
            },
        ),
        Starter(
            key="consultant",
            title="Specialist → independent consultant",
            horizons={
                1: {
                    "statement": "Publish what I know and land my first paid side project.",
                    "target_role": "Specialist with a side practice",
                    "why": "Test the market before I leave.",
                },
                5: {
                    "statement": "Run my own practice with clients who come back.",
                    "target_role": "Independent consultant",
                    "why": "Choose my work and my hours.",
                },
                10: {
                    "statement": "Be the name people think of in my niche.",
                    "target_role": "Principal consultant",
                    "why": "Depth over breadth.",
                },
                20: {
                    "statement": "Teach the craft and pick only the projects I love.",
                    "target_role": "Author and advisor",
                    "why": "Give back what I learned.",
                },
            },
            north_star=5,
            beyond_the_paycheck="Freedom to do excellent work on my own terms.",
            values=[
                ("Independence", "I answer for my own work."),
                ("Mastery", "Better every year at one thing."),
                ("Trust", "Clients come back because I keep my word."),
            ],
            milestone={
                "title": "Write and publish three articles in my niche",
                "kind": "challenge",
                "horizon": 1,
                "description": "One a month; share each with ten people whose opinion I value.",
            },
        ),
    ]
}

EXAMPLE_FIVE_YEARS = (
    "Leading a small product team in health tech, known for making clinicians' days easier."
)


def pick(request) -> Starter | None:
    """The starter plan chosen on this visit (`?starter=`, remembered for the guide's next
    steps) or earlier in the session."""
    key = request.GET.get("starter")
    if key in STARTERS:
        request.session[SESSION_KEY] = key
    return STARTERS.get(request.session.get(SESSION_KEY, ""))
