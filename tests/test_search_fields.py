"""Each searched model lists its text fields once, as `search_fields`: the site search and the
lists' `q` filter read them, and migrations workshops 0017 and 0019 built the PostgreSQL
full-text columns from the same fields, one per language on that language's columns. Those
migrations cannot change once applied: these tests check that the models still agree with
what they created."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from idm.filters import SEARCH_CONFIGS, SearchFilter
from idm.languages import CONTENT_LANGUAGES, column, translated_fields
from speakers.filters import OrganizationFilter, SpeakerFilter
from workshops.filters import GuidingQuestionFilter, PolicyExampleFilter
from workshops.search import KINDS

# Migration 0017 built every table's columns; 0019 built the sections' again, on their columns
# per language.
SEARCH_VECTORS = [
    importlib.import_module(f"workshops.migrations.{name}")
    for name in [
        "0017_search_vectors_per_language",
        "0019_redbook_english_texts_and_search_vectors",
    ]
]


def searched_models():
    return {model for model in apps.get_models() if hasattr(model, "search_fields")}


def model_of_table(table):
    return next(model for model in apps.get_models() if model._meta.db_table == table)


def weighed_fields(expression):
    """(configuration, field, weight) in the order of a search vector's expression, as the
    migration writes it or as PostgreSQL gives it back (to_tsvector('french'::regconfig,
    (COALESCE(title_fr, ''::character varying))::text)... 'A'::"char")."""
    return re.findall(
        r"""to_tsvector\('(\w+)'::regconfig, \(?COALESCE\(\(?"?(\w+)"?.*?'([AB])'""", expression
    )


def expected(model, language):
    """The model's search fields, each in `language`'s column where it is translated."""
    translated = translated_fields(model)
    return [
        (
            SEARCH_CONFIGS[language],
            column(field, language) if field in translated else field,
            "B" if position else "A",
        )
        for position, field in enumerate(model.search_fields)
    ]


class RecordingSchemaEditor:
    """What create_columns() would run on PostgreSQL, whatever the test database."""

    connection = SimpleNamespace(vendor="postgresql")

    def __init__(self):
        self.statements = []

    def execute(self, sql, params=()):
        self.statements.append(sql)


def test_the_migrations_search_columns_hold_each_models_search_fields():
    editor = RecordingSchemaEditor()
    for migration in SEARCH_VECTORS:
        migration.create_columns(apps, editor)

    columns = {}
    for sql in editor.statements:
        added = re.match(r'ALTER TABLE "(\w+)" ADD COLUMN "search_vector_(\w+)" tsvector (.*)', sql)
        if added:
            columns[model_of_table(added[1]), added[2]] = weighed_fields(added[3])
    assert set(columns) == {
        (model, language) for model in searched_models() for language in CONTENT_LANGUAGES
    }
    for (model, language), fields in columns.items():
        assert fields == expected(model, language), (model._meta.label, language)
        table = model._meta.db_table
        index = f'ON "{table}" USING gin ("search_vector_{language}")'
        assert any(index in sql for sql in editor.statements), (table, language)


def test_the_search_and_the_lists_search_the_models_with_search_fields():
    assert {kind.queryset.model for kind in KINDS} == searched_models()
    for filterset in [
        SpeakerFilter,
        OrganizationFilter,
        PolicyExampleFilter,
        GuidingQuestionFilter,
    ]:
        assert isinstance(filterset.base_filters["q"], SearchFilter)
        assert filterset._meta.model in searched_models()


@pytest.mark.django_db
@pytest.mark.postgresql
def test_the_databases_search_columns_hold_each_models_search_fields():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attname LIKE 'search_vector%' AND a.attgenerated = 's'
            """
        )
        columns = {
            (model_of_table(table), name.removeprefix("search_vector_")): weighed_fields(sql)
            for table, name, sql in cursor.fetchall()
        }
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexdef LIKE '%USING gin (search_vector%'"
        )
        indexed = {
            (model_of_table(table), re.search(r"search_vector_(\w+)\)", indexdef)[1])
            for table, indexdef in cursor.fetchall()
        }

    assert set(columns) == indexed
    assert set(columns) == {
        (model, language) for model in searched_models() for language in CONTENT_LANGUAGES
    }
    for (model, language), fields in columns.items():
        assert fields == expected(model, language), (model._meta.label, language)
