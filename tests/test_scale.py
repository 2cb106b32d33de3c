"""What keeps the pages fast with a lot of data: bounded counts, select boxes written in Python,
the full-text index on PostgreSQL."""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.utils import translation

from idm.filters import OptionsSelect, text_matches
from idm.pagination import BoundedPaginator
from speakers.models import Speaker
from speakers.views import OrganizationDetailView
from tests.factories import (
    OrganizationFactory,
    PolicyExampleFactory,
    SessionSpeakerFactory,
    WorkshopFactory,
)
from workshops.search import KINDS

pytestmark = pytest.mark.django_db

CHOICES = [("", "---------"), ("EC", "Ecuador"), ("KR", "Korea <Republic of> & co")]
GROUPED = [
    ("", "---------"),
    ("Americas", [("EC", "Ecuador"), ("US", "United States")]),
    ('"Asia" & <Pacific>', [("KR", "Korea <Republic of> & co")]),
]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "KR", ["EC"]])
def test_options_select_writes_the_markup_of_django_select(value, choices):
    attrs = {"id": "id_country", "aria-invalid": "true", "required": True}
    fast = OptionsSelect(choices=choices).render("country", value, attrs)
    django = forms.Select(choices=choices).render("country", value, attrs)
    assert parse_html(fast) == parse_html(django)


def test_lists_count_up_to_a_bound_and_then_say_more_than(client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_count", 25)
    workshop = WorkshopFactory()
    PolicyExampleFactory.create_batch(30, workshop=workshop)

    response = client.get("/en/policy-examples/")

    html = response.content.decode()
    assert "More than 25 results" in html
    assert "Page 1 of 2+" in html
    assert response.context["paginator"].count == 26
    assert len(client.get("/en/policy-examples/?page=2").context["object_list"]) == 6
    assert client.get("/en/policy-examples/?page=3").status_code == 404


def test_an_organization_page_shows_the_first_people_and_examples_and_links_to_all(
    client, monkeypatch
):
    monkeypatch.setattr(OrganizationDetailView, "LIST_LIMIT", 3)
    organization = OrganizationFactory(slug="iom")
    for participant in SessionSpeakerFactory.create_batch(4, organization=organization):
        participant.speaker.organization = organization
        participant.speaker.save()
    for example in PolicyExampleFactory.create_batch(4):
        example.organizations.add(organization)

    response = client.get(organization.get_absolute_url())

    assert [len(response.context[name]) for name in ["people", "participations"]] == [3, 3]
    assert len(response.context["policy_examples"]) == 3
    page = response.content.decode()
    assert "The latest ones; each person's page lists all of theirs." in page
    for url in ["/en/speakers/?organization=iom", "/en/policy-examples/?organization=iom"]:
        assert f'href="{url}"' in page
        assert client.get(url).context["page_obj"].paginator.count == 4


def test_lists_under_the_bound_give_the_exact_count(client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_count", 25)
    PolicyExampleFactory.create_batch(25, workshop=WorkshopFactory())
    html = client.get("/en/policy-examples/").content.decode()
    assert "25 results" in html
    assert "Page 1 of 2" in html
    assert "More than" not in html


def test_search_counts_up_to_the_bound_and_then_says_more_than(client, monkeypatch):
    monkeypatch.setattr("workshops.search.MAX_COUNT", 10)
    monkeypatch.setattr("workshops.views.MAX_COUNT", 10)
    PolicyExampleFactory.create_batch(12, title="Remittances by SMS", workshop=WorkshopFactory())

    html = client.get("/en/search/?q=remittances").content.decode()

    assert '<h2 id="results-policy_examples">Policy examples (10+)</h2>' in html
    assert "More than 10 results for “remittances”" in html
    assert "Showing the first 10 of more than 10." in html


@pytest.mark.postgresql
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_kind_of_content_has_its_full_text_index_in_each_language(language):
    """A search reads the index of the page's language and, for what is not translated, the
    English one."""
    for kind in KINDS:
        model = kind.queryset.model
        with translation.override(language):
            matches = text_matches(model.objects.all(), "remittances")
        sql, params = matches.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            # The test tables are nearly empty: leave the planner no other way than an index.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for searched in {language, "en"}:
            index = f"{model._meta.model_name}_search_{searched}_idx"
            assert f"Bitmap Index Scan on {index}" in plan, (kind.key, index)


@pytest.mark.postgresql
def test_listing_public_speakers_compiles_no_query_plan():
    """PostgreSQL's JIT would compile the API's count of public speakers, which it estimates
    costly with a large data set: tens of milliseconds for a query that takes a few."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit_above_cost = 0")  # as if the tables were large
        sql, params = Speaker.objects.published().order_by().query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0][0]
    assert "JIT" not in plan
