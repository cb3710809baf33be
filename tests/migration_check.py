"""Migrates a database holding a plan made before the apps were restructured (issue #18) forward,
then back and forward again, checking that every moved row is kept.

Run by tests/contracts/test_migrations.py in a fresh process, on a scratch PostgreSQL database
and on a SQLite file (`make run`'s database): `python -m tests.migration_check DATABASE_URL`.
"""

import datetime
import os
import sys
from pathlib import Path

# The project's apps (every app with migrations under apps/): an app added since is migrated
# with them, never taken for a third-party one.
PROJECT = {path.parent.name for path in (Path(__file__).parents[1] / "apps").glob("*/migrations")}
# The project's migrations as they stood before the restructuring.
BEFORE = [
    ("accounts", "0003_input_limits"),
    ("api", "0002_input_limits"),
    ("checkins", "0002_input_limits"),
    ("core", "0001_initial"),
    ("dataio", "0001_initial"),
    ("learning", "0002_input_limits"),
    ("mentoring", "0003_input_limits"),
    ("milestones", "0002_input_limits_and_unique_step_ranks"),
    ("network", "0002_input_limits"),
    ("reminders", "0003_dispatcher_failures"),
    ("vision", "0002_input_limits_and_unique_value_ranks"),
]
STARTED = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)


def migrate(connection, targets):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def leaves(connection, *, project: bool):
    from django.db.migrations.executor import MigrationExecutor

    nodes = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [node for node in nodes if (node[0] in PROJECT) == project]


def seed_the_old_plan(apps) -> dict:
    """Maya and her mentor Sam, as the demo has them, written through the old models."""
    User = apps.get_model("accounts", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    maya = User.objects.create(email="maya@example.com", display_name="Maya", password="x")
    sam = User.objects.create(email="sam@example.com", display_name="Sam", password="x")
    mentorship = apps.get_model("mentoring", "Mentorship").objects.create(
        mentee=maya, mentor=sam, share_network=False, share_learning=False
    )
    apps.get_model("mentoring", "Mentorship").objects.filter(pk=mentorship.pk).update(
        started_at=STARTED
    )
    apps.get_model("core", "SetupSkip").objects.create(owner=sam, step="values")
    apps.get_model("reminders", "ReminderPreference").objects.create(
        user=maya, checkin_cadence="weekly", checkin_weekday=4, checkin_hour=16, comments="weekly"
    )
    types = {
        model: ContentType.objects.create(app_label=app, model=model).pk
        for app, model in (("mentoring", "mentorship"), ("core", "setupskip"))
    }
    return {"maya": maya.pk, "sam": sam.pk, "mentorship": mentorship.pk, "types": types}


def check_the_new_plan(apps, seeded: dict) -> None:
    mentorship = apps.get_model("sharing", "Mentorship").objects.get(pk=seeded["mentorship"])
    assert (mentorship.mentee_id, mentorship.mentor_id) == (seeded["maya"], seeded["sam"])
    assert (mentorship.share_vision, mentorship.share_network, mentorship.share_learning) == (
        True,
        False,
        False,
    )
    assert mentorship.started_at == STARTED and mentorship.ended_at is None
    skip = apps.get_model("dashboard", "SetupSkip").objects.get()
    assert (skip.owner_id, skip.step) == (seeded["sam"], "values")
    rhythm = apps.get_model("checkins", "CheckInRhythm").objects.get(user_id=seeded["maya"])
    assert (rhythm.checkin_cadence, rhythm.checkin_weekday, rhythm.checkin_hour) == (
        "weekly",
        4,
        16,
    )
    preferences = apps.get_model("reminders", "ReminderPreference").objects
    assert preferences.get(user_id=seeded["maya"]).comments == "weekly"
    # A user from before gets preferences keeping no quiet hours (new users get 22:00-07:00),
    # and everybody's next-due moments are queued for the dispatcher to work out.
    sam = preferences.get(user_id=seeded["sam"])
    assert (sam.quiet_from, sam.quiet_until) == (None, None)
    changes = apps.get_model("reminders", "MomentChange").objects
    assert {seeded["maya"], seeded["sam"]} <= set(changes.values_list("user_id", flat=True))
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = dict(ContentType.objects.values_list("pk", "app_label"))
    assert types[seeded["types"]["mentorship"]] == "sharing"
    assert types[seeded["types"]["setupskip"]] == "dashboard"


def main(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerbuilder.settings")
    import django

    django.setup()
    from django.db import connection

    before = leaves(connection, project=False) + BEFORE
    executor = migrate(connection, before)
    seeded = seed_the_old_plan(executor.loader.project_state(before).apps)

    latest = leaves(connection, project=False) + leaves(connection, project=True)
    executor = migrate(connection, latest)
    check_the_new_plan(executor.loader.project_state(latest).apps, seeded)

    executor = migrate(connection, before)  # and back: the old models hold it all again
    old = executor.loader.project_state(before).apps
    assert old.get_model("mentoring", "Mentorship").objects.get().share_learning is False
    preference = old.get_model("reminders", "ReminderPreference").objects.get(
        user_id=seeded["maya"]
    )
    assert (preference.checkin_weekday, preference.checkin_hour) == (4, 16)
    executor = migrate(connection, latest)
    check_the_new_plan(executor.loader.project_state(latest).apps, seeded)
    print("migrated forward, back and forward again: every row kept")


if __name__ == "__main__":
    main(sys.argv[1])
