"""The site search covers the sections of publications: by their heading, their text and the
text of the notes they refer to (`notes_text`, filled here for the sections that exist). On
PostgreSQL they get their full-text column and index as migration 0005 gave the other tables."""

import importlib
import re

from django.db import migrations, models

SEARCH_VECTORS = importlib.import_module("workshops.migrations.0005_search_vectors")
SEARCH_INDEXES = [("workshops_section", "section_search_idx", ["heading", "body", "notes_text"])]
# As idm.markup.FOOTNOTE_REFERENCE: this migration must not change when that module does.
FOOTNOTE_REFERENCE = re.compile(r"\[\^([1-9][0-9]{0,3})\]")


def fill_notes_text(apps, schema_editor):
    Section = apps.get_model("workshops", "Section")
    Footnote = apps.get_model("workshops", "Footnote")
    for section in Section.objects.all():
        notes = dict(Footnote.objects.filter(part=section.part_id).values_list("number", "body"))
        numbers = dict.fromkeys(int(n) for n in FOOTNOTE_REFERENCE.findall(section.body))
        section.notes_text = "\n".join(notes[n] for n in numbers if n in notes)
        section.save(update_fields=["notes_text"])


def create_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, fields in SEARCH_INDEXES:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector '
            f"GENERATED ALWAYS AS ({SEARCH_VECTORS.vector(fields)}) STORED"
        )
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" USING gin ("search_vector")')


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _name, _fields in SEARCH_INDEXES:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "search_vector"')


class Migration(migrations.Migration):
    dependencies = [("workshops", "0013_agenda_is_provisional")]

    operations = [
        migrations.AddField(
            model_name="section",
            name="notes_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_notes_text, migrations.RunPython.noop),
        migrations.RunPython(create_columns, drop_columns),
    ]
