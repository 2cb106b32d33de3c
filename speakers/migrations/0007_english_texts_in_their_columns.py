"""The texts written so far are English: each goes into its field's English column (`name` into
`name_en`); the French and Spanish columns stay empty for editors to fill."""

from django.db import migrations
from django.db.models import F

TRANSLATED = {"organization": ["name", "acronym"], "speaker": ["position", "bio"]}


def copy_to_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("speakers", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("speakers", "0006_texts_in_three_languages")]

    operations = [migrations.RunPython(copy_to_english, migrations.RunPython.noop)]
