"""Schemathesis sends the API requests generated from its own OpenAPI schema, on the real 2007
content, through the whole WSGI stack: no answer may be a server error or break the schema."""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from idm.wsgi import application

EXAMPLES_PER_OPERATION = 25
# Filter values name existing objects (a country, a workshop...): most strings that the schema
# allows are rightly refused with a 400, which the schema documents.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def api_schema(seed):
    # As Django's test client does, so that the requests run in the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
def test_api_answers_to_generated_requests_match_the_schema(api_schema):
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        def check(case):
            case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)

        check()


def test_api_details_of_every_seeded_object_match_the_schema(api_schema):
    """Generated slugs and ids hardly ever exist: ask for each real object as well."""
    details = [operation for operation in operations(api_schema) if "{" in operation.path]
    for operation in details:
        list_path, lookup = re.fullmatch(r"(.*/)\{(\w+)\}/", operation.path).groups()
        listing = api_schema[list_path]["GET"].Case(query={"page_size": 200}).call()
        objects = listing.json()["results"]
        assert objects, list_path
        for item in objects:
            case = operation.Case(path_parameters={lookup: item[lookup]})
            case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)
    assert len(details) == 11
