"""The Red Book's texts written so far are English: each goes into its English column (`body`
into `body_en`), the rendered text and the notes' words too. On PostgreSQL the sections'
search vectors (migration 0017) are then built again, each from its language's columns."""

import importlib

from django.db import migrations
from django.db.models import F

SEARCH_VECTORS = importlib.import_module("workshops.migrations.0017_search_vectors_per_language")

TRANSLATED = {
    "publication": ["series", "title"],
    "publicationpart": ["title"],
    "publicationcredit": ["affiliation"],
    "section": ["heading", "body", "body_html", "notes_text"],
    "footnote": ["body", "body_html"],
}

SECTIONS = (
    "workshops_section",
    "section_search",
    [("heading", True), ("body", True), ("notes_text", True)],
)


def copy_to_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("workshops", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def section_vectors(fields):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, name, _fields = SECTIONS
        for language in SEARCH_VECTORS.CONFIGURATIONS:
            column = f"search_vector_{language}"
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN "{column}" tsvector '
                f"GENERATED ALWAYS AS ({SEARCH_VECTORS.vector(fields, language)}) STORED"
            )
            schema_editor.execute(
                f'CREATE INDEX "{name}_{language}_idx" ON "{table}" USING gin ("{column}")'
            )

    return create


create_columns = section_vectors(SECTIONS[2])
untranslated_columns = section_vectors([(field, False) for field, _translated in SECTIONS[2]])


class Migration(migrations.Migration):
    dependencies = [("workshops", "0018_redbook_in_three_languages")]

    operations = [
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
        migrations.RunPython(create_columns, untranslated_columns),
    ]
