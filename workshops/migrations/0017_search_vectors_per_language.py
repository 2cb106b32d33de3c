"""The site search's full-text documents in each language, on PostgreSQL only.

Migrations 0005 and 0014 gave each searched table one `search_vector`, its English text. The
texts now have a column per language: each table gets instead a stored generated column per
language,
`search_vector_en`, `_fr` and `_es`, built from that language's columns with that language's
text-search configuration (so that a French search for "travailleurs" finds "travailleur"),
the first field weighing A and the others B, each with a GIN index. A field that is the same in
every language (a person's name, the sections of a publication, which are not translated) is
in each of them. workshops/search.py reads them
(StoredVector). Elsewhere (SQLite) the search matches substrings and this migration does nothing.
"""

from django.db import migrations

CONFIGURATIONS = {"en": "english", "fr": "french", "es": "spanish"}

# (table, index name prefix, [(field, translated)]), the fields in the models' search_fields order.
SEARCHED = [
    (
        "workshops_workshop",
        "workshop_search",
        [("title", True), ("summary", True), ("venue", True), ("city", True)],
    ),
    ("workshops_session", "session_search", [("title", True), ("description", True)]),
    ("speakers_speaker", "speaker_search", [("full_name", False), ("position", True)]),
    ("speakers_organization", "organization_search", [("name", True), ("acronym", True)]),
    ("workshops_guidingquestion", "guidingquestion_search", [("text", True)]),
    ("workshops_policyexample", "policyexample_search", [("title", True), ("summary", True)]),
    (
        "workshops_section",
        "section_search",
        [("heading", False), ("body", False), ("notes_text", False)],
    ),
]


def vector(fields, language):
    configuration = CONFIGURATIONS[language]
    return " || ".join(
        f"setweight(to_tsvector('{configuration}'::regconfig, "
        f"COALESCE(\"{f'{field}_{language}' if translated else field}\", '')), "
        f"'{'A' if position == 0 else 'B'}')"
        for position, (field, translated) in enumerate(fields)
    )


def create_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, fields in SEARCHED:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "search_vector"')
        for language in CONFIGURATIONS:
            column = f"search_vector_{language}"
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN "{column}" tsvector '
                f"GENERATED ALWAYS AS ({vector(fields, language)}) STORED"
            )
            schema_editor.execute(
                f'CREATE INDEX "{name}_{language}_idx" ON "{table}" USING gin ("{column}")'
            )


def restore_english_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, fields in SEARCHED:
        for language in CONFIGURATIONS:
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "search_vector_{language}"')
        original = [(field, False) for field, _translated in fields]
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector '
            f"GENERATED ALWAYS AS ({vector(original, 'en')}) STORED"
        )
        schema_editor.execute(f'CREATE INDEX "{name}_idx" ON "{table}" USING gin ("search_vector")')


class Migration(migrations.Migration):
    dependencies = [
        ("speakers", "0007_english_texts_in_their_columns"),
        ("workshops", "0016_english_texts_in_their_columns"),
    ]

    operations = [migrations.RunPython(create_columns, restore_english_column)]
