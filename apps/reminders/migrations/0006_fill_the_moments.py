"""Existing users keep their quiet hours (new users get 22:00-07:00), the triggers that keep the
moments current are installed, and every active user is queued so that the dispatcher's first runs
work out their moments, a thousand users per transaction."""

from django.db import migrations

BATCH = 5000


def forward(apps, schema_editor):
    from apps.reminders import triggers

    User = apps.get_model("accounts", "User")
    ReminderPreference = apps.get_model("reminders", "ReminderPreference")
    MomentChange = apps.get_model("reminders", "MomentChange")
    db = schema_editor.connection.alias
    last = 0
    while True:
        ids = list(
            User.objects.using(db)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        last = ids[-1]
        having = set(
            ReminderPreference.objects.using(db)
            .filter(user_id__in=ids)
            .values_list("user_id", flat=True)
        )
        ReminderPreference.objects.using(db).bulk_create(
            [
                ReminderPreference(user_id=pk, quiet_from=None, quiet_until=None)
                for pk in ids
                if pk not in having
            ]
        )
        MomentChange.objects.using(db).bulk_create(
            [MomentChange(user_id=pk) for pk in ids], ignore_conflicts=True
        )
    triggers.install(schema_editor.connection)


def backward(apps, schema_editor):
    from apps.reminders import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0005_moments"),
        ("accounts", "0004_securityevent_road"),
        ("milestones", "0003_rescheduled_at"),
        ("network", "0002_input_limits"),
        ("learning", "0002_input_limits"),
        ("checkins", "0003_the_checkin_rhythm"),
        ("mentoring", "0004_mentorship_moves_to_sharing"),
        ("account", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
