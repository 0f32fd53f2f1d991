"""Figures placed by the plan's area (issue 13): the authoring body's column becomes the place, with how it was
placed. Existing rows were placed at the authors' offices; a rebuild (the roll-up page's recompute, or the next
report) places them by area."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_project_figures")]

    operations = [
        migrations.RenameField(model_name="kgifigure", old_name="author", new_name="place"),
        migrations.AddField(
            model_name="kgifigure",
            name="placed_by",
            field=models.CharField(default="authors", max_length=8),
        ),
    ]
