"""The texts written so far are English: each goes into its field's English column (`title`
into `title_en`); the French and Spanish columns stay empty for editors to fill."""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "dialogueyear": ["theme"],
    "workshop": ["title", "summary", "venue", "city"],
    "objective": ["text"],
    "keyprinciple": ["text"],
    "challenge": ["text"],
    "session": ["title", "description"],
    "sessionspeaker": ["title"],
    "guidingquestion": ["text"],
    "topic": ["name"],
    "policyexample": ["title", "summary"],
    "document": ["title"],
}


def copy_to_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("workshops", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("workshops", "0015_texts_in_three_languages")]

    operations = [migrations.RunPython(copy_to_english, migrations.RunPython.noop)]
