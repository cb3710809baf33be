"""Demo data for `manage.py seed_demo`: a mentee with a plan and the mentor she invited."""

from dataclasses import dataclass

from django.db import transaction

from apps.accounts.services import user_upsert_verified

DEMO_PASSWORD = "career-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    """Creates (or resets) the demo accounts; safe to run again."""
    user_upsert_verified(
        email="maya@example.com",
        password=DEMO_PASSWORD,
        display_name="Maya Okafor",
        headline="Data analyst at Northwind Logistics",
        time_zone="Europe/London",
    )
    user_upsert_verified(
        email="sam@example.com",
        password=DEMO_PASSWORD,
        display_name="Sam Whitfield",
        headline="Head of Analytics at Contoso",
        time_zone="Europe/Berlin",
    )
    return [
        DemoLogin("mentee", "maya@example.com", DEMO_PASSWORD),
        DemoLogin("mentor", "sam@example.com", DEMO_PASSWORD),
    ]
