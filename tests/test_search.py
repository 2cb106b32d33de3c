import re

import pytest
from django.db import connection

from tests.factories import (
    FootnoteFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
    build_publication,
)
from tests.helpers import count_queries
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

SEARCH_URL = "/en/search/"


def found(response):
    """What the page lists, by kind: {kind: [each result as text, ...]}."""
    return {
        group.key: [str(result) for result in group.results] for group in response.context["groups"]
    }


def counts(response):
    return {group.key: group.count for group in response.context["groups"]}


def build_one_of_each(word="remittances", status=Workshop.Status.PUBLISHED):
    workshop = WorkshopFactory(title=f"Workshop on {word}", status=status)
    session = SessionFactory(workshop=workshop, title=f"Panel on {word}")
    GuidingQuestionFactory(session=session, text=f"How can {word} be made cheaper?")
    PolicyExampleFactory(workshop=workshop, title=f"Cheaper {word} by SMS")
    organization = OrganizationFactory(name=f"Agency for {word}")
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(full_name="Dilip Ratha", position=f"Head of {word} research"),
        organization=organization,
    )
    return workshop


def build_matches(count):
    """`count` matching objects of every kind, all in one published workshop."""
    workshop = WorkshopFactory(title="Remittances workshop")
    for _ in range(count):
        WorkshopFactory(title="Remittances and development")
        session = SessionFactory(workshop=workshop, title="Remittances panel")
        GuidingQuestionFactory(session=session, text="What do remittances cost?")
        PolicyExampleFactory(workshop=workshop, title="Remittances by SMS")
        SessionSpeakerFactory(
            session=session,
            speaker=SpeakerFactory(position="Remittances adviser"),
            organization=OrganizationFactory(name="Remittances agency"),
        )


def test_search_finds_every_kind_of_content_by_a_word(client):
    build_one_of_each()

    response = client.get(f"{SEARCH_URL}?q=remittances")

    assert response.status_code == 200
    assert found(response) == {
        "workshops": ["Workshop on remittances"],
        "sessions": ["Panel on remittances"],
        "speakers": ["Dilip Ratha"],
        "organizations": ["Agency for remittances"],
        "guiding_questions": ["How can remittances be made cheaper?"],
        "policy_examples": ["Cheaper remittances by SMS"],
    }
    html = response.content.decode()
    assert "6 results for “remittances”" in html
    assert '<h2 id="results-speakers">Speakers (1)</h2>' in html


def test_search_matches_every_word_in_any_case(client):
    build_one_of_each()
    PolicyExampleFactory(title="Remittances in Ecuador")

    response = client.get(f"{SEARCH_URL}?q=SMS+Remittances")

    assert found(response) == {"policy_examples": ["Cheaper remittances by SMS"]}
    assert "1 result for “SMS Remittances”" in response.content.decode()


def test_search_results_link_to_their_pages(client):
    workshop = build_one_of_each()
    session = workshop.sessions.get()

    html = client.get(f"{SEARCH_URL}?q=remittances").content.decode()

    assert f'<a href="{workshop.get_absolute_url()}">Workshop on remittances</a>' in html
    assert f'<a href="{session.get_absolute_url()}">Panel on remittances</a>' in html
    # A guiding question has no page of its own: it leads to its session.
    assert (
        f'<a href="{session.get_absolute_url()}">How can remittances be made cheaper?</a>' in html
    )


def test_search_never_shows_drafts_nor_counts_them(client):
    build_one_of_each()
    build_one_of_each(status=Workshop.Status.DRAFT)

    response = client.get(f"{SEARCH_URL}?q=remittances")

    assert counts(response) == {
        "workshops": 1,
        "sessions": 1,
        "speakers": 1,
        "organizations": 1,
        "guiding_questions": 1,
        "policy_examples": 1,
    }
    assert response.context["total"] == 6
    assert "6 results for “remittances”" in response.content.decode()


def test_search_finds_nothing_only_in_a_draft_workshop(client):
    build_one_of_each(word="secrets", status=Workshop.Status.DRAFT)

    response = client.get(f"{SEARCH_URL}?q=secrets")

    html = response.content.decode()
    assert found(response) == {}
    assert "No results for “secrets”." in html
    assert "Dilip Ratha" not in html
    assert "Agency for secrets" not in html


def test_search_skips_breaks_which_have_no_page(client):
    SessionFactory(title="Coffee break", kind=Session.Kind.BREAK)
    assert found(client.get(f"{SEARCH_URL}?q=coffee")) == {}


def test_search_shows_the_first_ten_of_each_kind_and_links_to_the_full_list(client):
    build_matches(12)

    response = client.get(f"{SEARCH_URL}?q=remittances")

    html = response.content.decode()
    assert counts(response) == {
        "workshops": 13,
        "sessions": 12,
        "speakers": 12,
        "organizations": 12,
        "guiding_questions": 12,
        "policy_examples": 12,
    }
    assert {len(group.results) for group in response.context["groups"]} == {10}
    assert "73 results for “remittances”" in html
    assert "Showing the first 10 of 12." in html
    assert '<a href="/en/speakers/?q=remittances">See all matching speakers</a>' in html
    assert '<a href="/en/organizations/?q=remittances">See all matching organizations</a>' in html
    assert (
        '<a href="/en/guiding-questions/?q=remittances">See all matching guiding questions</a>'
        in html
    )
    assert (
        '<a href="/en/policy-examples/?q=remittances">See all matching policy examples</a>' in html
    )


def test_search_see_all_link_keeps_the_whole_query(client):
    PolicyExampleFactory.create_batch(11, title="Remittances && fees")
    html = client.get(f"{SEARCH_URL}?q=remittances+%26%26+fees").content.decode()
    assert 'href="/en/policy-examples/?q=remittances+%26%26+fees"' in html


@pytest.mark.parametrize(
    "word, queries",
    # Per kind, the matches; then, if there are any, the ones shown.
    [("remittances", 13), ("nothing-matches", 7)],
)
def test_search_runs_the_same_number_of_queries_for_small_and_large_data(client, word, queries):
    build_matches(3)
    small = count_queries(client, f"{SEARCH_URL}?q={word}")
    build_matches(30)
    assert count_queries(client, f"{SEARCH_URL}?q={word}") == small == queries


@pytest.mark.parametrize("query", ["", "?q=", "?q=+++"])
def test_search_without_words_shows_the_box_and_a_hint_and_searches_nothing(
    client, django_assert_num_queries, query
):
    build_one_of_each()

    with django_assert_num_queries(0):
        response = client.get(f"{SEARCH_URL}{query}")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="search" name="q"' in html
    assert "Type one or more words, for example a topic, a country or a person's name." in html
    assert response.context["groups"] == []


def test_search_longer_than_200_characters_gets_a_clear_message(client):
    build_one_of_each()

    response = client.get(SEARCH_URL, {"q": "remittances " * 40})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "q": ["Ensure this value has at most 200 characters (it has 479)."]
    }
    assert "Ensure this value has at most 200 characters (it has 479)." in html
    assert 'aria-invalid="true"' in html
    assert response.context["groups"] == []


def test_search_of_exactly_200_characters_is_accepted(client):
    PolicyExampleFactory(title="Remittances")
    response = client.get(SEARCH_URL, {"q": f"remittances{' ' * 178}remittances"})
    assert response.context["form"].errors == {}
    assert found(response) == {"policy_examples": ["Remittances"]}


def test_search_with_a_null_character_gets_a_message(client):
    response = client.get(f"{SEARCH_URL}?q=remit%00tances")
    assert response.status_code == 200
    assert response.context["form"].errors == {"q": ["Null characters are not allowed."]}


def test_search_uses_each_word_once_and_no_single_characters(client):
    PolicyExampleFactory(title="Remittances by SMS")
    PolicyExampleFactory(title="Remittances by bank transfer")

    response = client.get(SEARCH_URL, {"q": "e " * 80 + "Remittances sms remittances SMS x"})

    # What the search used is what the page says it searched.
    assert response.context["query"] == "Remittances sms"
    assert "Search results for “Remittances sms”" in response.content.decode()
    assert found(response) == {"policy_examples": ["Remittances by SMS"]}


def test_search_uses_its_first_ten_words(client):
    title = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    PolicyExampleFactory(title=title)

    response = client.get(SEARCH_URL, {"q": f"{title} kilo lima"})

    assert response.context["query"] == title
    assert found(response) == {"policy_examples": [title]}


@pytest.mark.parametrize(
    "url",
    ["/en/policy-examples/", "/api/v1/policy-examples/"],
)
def test_lists_and_api_search_the_same_words_as_the_site_search(client, url):
    PolicyExampleFactory(title="Remittances by SMS")
    PolicyExampleFactory(title="Remittances by bank transfer")

    response = client.get(url, {"q": "a b c " * 30 + "sms SMS z"})

    assert response.status_code == 200
    if url.startswith("/api/"):
        assert [example["title"] for example in response.json()["results"]] == [
            "Remittances by SMS"
        ]
    else:
        assert [str(example) for example in response.context["object_list"]] == [
            "Remittances by SMS"
        ]


@pytest.mark.parametrize(
    "query",
    ['"', "-", "&|!", "'", "!", "(", ")", ":*", "<->", "\\", "%", "_", "' OR ''='", '"-"'],
)
def test_search_of_punctuation_or_operators_does_not_fail(client, query):
    build_one_of_each()

    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    # LIKE wildcards are escaped: "%" and "_" find only text that contains them.
    assert found(response) == {}


def test_search_accepts_web_search_syntax(client):
    PolicyExampleFactory(title="Remittances by SMS")
    PolicyExampleFactory(title="Remittances by bank transfer")

    response = client.get(SEARCH_URL, {"q": '"remittances by" -bank'})

    assert response.status_code == 200
    if connection.vendor == "postgresql":
        # A quoted phrase and an excluded word, as in a web search engine.
        assert found(response) == {"policy_examples": ["Remittances by SMS"]}
    else:
        # The fallback takes quotes and minus signs literally.
        assert found(response) == {}


@pytest.mark.postgresql
def test_search_on_postgresql_matches_other_forms_of_a_word_and_ranks_titles_first(client):
    PolicyExampleFactory(title="Seasonal workers", summary="Workers send a remittance home.")
    PolicyExampleFactory(title="Remittance corridors", summary="Costs along the way.")

    response = client.get(SEARCH_URL, {"q": "remittances"})

    assert found(response) == {"policy_examples": ["Remittance corridors", "Seasonal workers"]}


def test_site_header_has_a_visibly_labelled_search_box_on_every_page(client):
    html = client.get("/en/policy-examples/").content.decode()
    assert '<form class="site-search" role="search" action="/en/search/" method="get">' in html
    assert '<label for="site-search-q">Search the site</label>' in html
    assert '<input id="site-search-q" name="q" type="search">' in html
    assert '<span class="visually-hidden">Search</span></button>' in html


def test_the_results_page_has_one_search_box(client):
    build_one_of_each()
    html = client.get(f"{SEARCH_URL}?q=remittances").content.decode()
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1
    assert 'value="remittances"' in html


def test_search_page_headings_are_in_order(client):
    build_one_of_each()
    html = client.get(f"{SEARCH_URL}?q=remittances").content.decode()
    assert re.findall(r"<h[1-6]\b", html) == ["<h1", "<h2", "<h2", "<h2", "<h2", "<h2", "<h2"]


def test_search_works_under_every_language_prefix(client):
    html = client.get("/fr/search/?q=remittances").content.decode()
    assert '<html lang="fr">' in html
    assert 'action="/fr/search/"' in html


def test_search_finds_a_section_by_its_heading_its_text_or_a_note_it_refers_to(client):
    part = build_publication(WorkshopFactory()).parts.first()
    section = part.sections.first()
    section.heading = "Circular migration"
    section.body = "Seasonal workers return home.[^2]"
    section.save()
    FootnoteFactory(part=part, number=2, body="Figures from the Philippines.")

    for words in ("circular", "seasonal workers", "philippines"):
        response = client.get(SEARCH_URL, {"q": words})
        assert found(response) == {"sections": ["Circular migration"]}, words
    html = response.content.decode()
    assert f'<a href="{section.get_absolute_url()}">Circular migration</a>' in html
    assert f"{part.title} · {part.publication.workshop.title} (2030)" in html


def test_search_follows_a_note_renumbered_or_deleted(client):
    part = build_publication(WorkshopFactory()).parts.first()
    note = part.footnotes.get(number=1)
    note.body = "Figures from the Philippines."
    note.save()
    assert counts(client.get(SEARCH_URL, {"q": "philippines"})) == {"sections": 1}
    note.number = 3
    note.save()
    assert counts(client.get(SEARCH_URL, {"q": "philippines"})) == {}
    note.number = 1
    note.save()
    note.delete()
    assert counts(client.get(SEARCH_URL, {"q": "philippines"})) == {}


def test_search_finds_no_section_of_a_draft_publication(client):
    build_publication(WorkshopFactory(), status=Workshop.Status.DRAFT)
    build_publication(WorkshopFactory(status=Workshop.Status.DRAFT))
    assert found(client.get(SEARCH_URL, {"q": "estimates"})) == {}


@pytest.mark.parametrize(
    "words, anchor",
    [
        # Only in note 5 of the report, which its section refers to.
        ("inter-agency group", "knowledge-base"),
        # Only in the background paper's last section.
        ("Brussels meeting", "bp-way-forward"),
    ],
)
def test_search_finds_the_section_of_the_red_book_that_has_the_words(client, seed, words, anchor):
    response = client.get(SEARCH_URL, {"q": words})
    (group,) = [group for group in response.context["groups"] if group.key == "sections"]
    assert [section.anchor for section in group.results] == [anchor]
    assert f'href="{group.results[0].get_absolute_url()}"' in response.content.decode()
    last_word = words.split()[-1]
    assert f"<mark>{last_word}</mark>" in group.results[0].snippet
    assert f'<p class="snippet">{group.results[0].snippet}</p>' in response.content.decode()


def test_every_result_shows_where_the_words_matched(client):
    build_one_of_each()
    section = build_publication(WorkshopFactory()).parts.first().sections.first()
    section.body = (
        "A long text about migration that goes on and on before it comes, many words later, "
        "to remittances[^1] and their cost, which is the point of this section, and then "
        "goes on again for many more words than a snippet shows."
    )
    section.save()

    response = client.get(SEARCH_URL, {"q": "remittances"})

    snippets = {
        group.key: [r.snippet for r in group.results] for group in response.context["groups"]
    }
    assert set(snippets) == {
        "workshops", "sessions", "speakers", "organizations", "guiding_questions",
        "policy_examples", "sections",
    }  # fmt: skip
    for key, (text,) in snippets.items():
        assert re.search(r"<mark>[Rr]emittances?</mark>", text), (key, text)
    (section_snippet,) = snippets["sections"]
    assert "<mark>remittances</mark> and their cost" in section_snippet
    assert "[^1]" not in section_snippet
    assert len(section_snippet.split()) < 40


def test_a_snippet_shows_markup_as_text_or_leaves_it_out(client):
    """PostgreSQL's headline leaves tags out; the excerpt made elsewhere escapes them."""
    PolicyExampleFactory(title="Fees", summary="<script>alert(1)</script> remittances <b>x</b>")
    response = client.get(SEARCH_URL, {"q": "remittances"})
    (result,) = response.context["groups"][0].results
    assert "<mark>remittances</mark>" in result.snippet
    assert "alert(1)" in result.snippet
    assert re.findall(r"<[^>]*>", result.snippet) == ["<mark>", "</mark>"]
