"""The site search's full-text documents, on PostgreSQL only.

Each table that the search covers gets a stored generated column, `search_vector`: its text
fields as a tsvector in the "english" configuration, the first field weighing A and the others
B; and a GIN index on it. PostgreSQL keeps the column up to date on every insert and update,
and ranking reads it instead of parsing the text of every match again. Django's models do not
know the column: workshops/search.py reads it (StoredVector). Elsewhere (SQLite) the search
matches substrings and this migration does nothing.
"""

from django.db import migrations

SEARCH_INDEXES = [
    ("workshops_workshop", "workshop_search_idx", ["title", "summary", "venue", "city"]),
    ("workshops_session", "session_search_idx", ["title", "description"]),
    ("speakers_speaker", "speaker_search_idx", ["full_name", "position"]),
    ("speakers_organization", "organization_search_idx", ["name", "acronym"]),
    ("workshops_guidingquestion", "guidingquestion_search_idx", ["text"]),
    ("workshops_policyexample", "policyexample_search_idx", ["title", "summary"]),
]


def vector(fields):
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, COALESCE(\"{field}\", '')), "
        f"'{'A' if position == 0 else 'B'}')"
        for position, field in enumerate(fields)
    )


def create_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, fields in SEARCH_INDEXES:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector '
            f"GENERATED ALWAYS AS ({vector(fields)}) STORED"
        )
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" USING gin ("search_vector")')


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _name, _fields in SEARCH_INDEXES:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "search_vector"')


class Migration(migrations.Migration):
    dependencies = [
        ("speakers", "0003_version"),
        ("workshops", "0004_policyexample_title_index"),
    ]

    operations = [migrations.RunPython(create_columns, drop_columns)]
