from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0003_input_limits"),
        ("sharing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Mentorship")],
            database_operations=[],  # the table now belongs to apps.sharing (db_table)
        ),
    ]
