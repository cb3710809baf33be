from django.db import migrations, models


def done_is_done(apps, schema_editor):
    """A done milestone's open steps were done with it, and it is 100%."""
    Milestone = apps.get_model("milestones", "Milestone")
    Step = apps.get_model("milestones", "Step")
    done = Milestone.objects.filter(status="done")
    # when each was done is unknown: done_at stays empty rather than invented
    Step.objects.filter(milestone__in=done, done=False).update(done=True)
    done.exclude(progress=100).update(progress=100)


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0005_step_due_on"),
    ]

    operations = [
        migrations.RunPython(done_is_done, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(progress=100),
                name="a_done_milestone_is_100",
            ),
        ),
    ]
