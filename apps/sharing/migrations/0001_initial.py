"""The mentorship moves from the mentoring app to the sharing app, keeping its table and its rows:
only Django's idea of which app holds the model changes (and its content type with it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="mentoring", model="mentorship").update(
        app_label="sharing"
    )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="sharing", model="mentorship").update(
        app_label="mentoring"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("mentoring", "0003_input_limits"),  # the table, made by mentoring, stays where it is
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Mentorship",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                        ("ended_at", models.DateTimeField(blank=True, null=True)),
                        ("share_vision", models.BooleanField(default=True, verbose_name="vision")),
                        (
                            "share_milestones",
                            models.BooleanField(default=True, verbose_name="milestones"),
                        ),
                        (
                            "share_learning",
                            models.BooleanField(default=True, verbose_name="learning"),
                        ),
                        (
                            "share_network",
                            models.BooleanField(default=False, verbose_name="network"),
                        ),
                        (
                            "share_checkins",
                            models.BooleanField(default=True, verbose_name="check-ins"),
                        ),
                        (
                            "mentee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mentorships_as_mentee",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "mentor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mentorships_as_mentor",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mentoring_mentorship",
                        "ordering": ["-started_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("ended_at__isnull", True)),
                                fields=("mentee", "mentor"),
                                name="one_active_mentorship_per_pair",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("mentee", models.F("mentor")), _negated=True),
                                name="no_self_mentoring",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
