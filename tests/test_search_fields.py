"""Each searched model lists its text fields once, as `search_fields`: the site search and the
lists' `q` filter read them, and migrations workshops 0005 and 0014 built the PostgreSQL
full-text columns from the same fields. Those migrations cannot change once applied: these tests
check that the models still agree with what they created."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from idm.filters import SearchFilter
from speakers.filters import OrganizationFilter, SpeakerFilter
from workshops.filters import GuidingQuestionFilter, PolicyExampleFilter
from workshops.search import KINDS

# The migrations that create the full-text columns: 0005 for the first tables searched.
SEARCH_VECTORS = [
    importlib.import_module("workshops.migrations.0005_search_vectors"),
    importlib.import_module("workshops.migrations.0014_sections_are_searched"),
]


def searched_models():
    return {model for model in apps.get_models() if hasattr(model, "search_fields")}


def model_of_table(table):
    return next(model for model in apps.get_models() if model._meta.db_table == table)


def weighed_fields(expression):
    """(field, weight) in the order of a search_vector expression, as the migration writes it
    or as PostgreSQL gives it back (COALESCE(("position")::text, ''::text)... 'A'::"char")."""
    return re.findall(r"""COALESCE\(\(?"?(\w+)"?.*?'([AB])'""", expression)


def expected(model):
    return [(field, "B" if position else "A") for position, field in enumerate(model.search_fields)]


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
        added = re.match(r'ALTER TABLE "(\w+)" ADD COLUMN "search_vector" tsvector (.*)', sql)
        if added:
            columns[model_of_table(added[1])] = weighed_fields(added[2])
    assert set(columns) == searched_models()
    for model, fields in columns.items():
        assert fields == expected(model), model._meta.label
    for model in columns:
        table = model._meta.db_table
        index = f'ON "{table}" USING gin ("search_vector")'
        assert any(index in sql for sql in editor.statements), table


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
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the columns exist on PostgreSQL")
def test_the_databases_search_columns_hold_each_models_search_fields():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attname = 'search_vector' AND a.attgenerated = 's'
            """
        )
        columns = {model_of_table(table): weighed_fields(sql) for table, sql in cursor.fetchall()}
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexdef LIKE '%USING gin (search_vector)'"
        )
        indexed = {model_of_table(table) for (table,) in cursor.fetchall()}

    assert set(columns) == indexed == searched_models()
    for model, fields in columns.items():
        assert fields == expected(model), model._meta.label
