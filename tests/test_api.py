import json
import re
from base64 import urlsafe_b64encode

import pytest

from speakers.models import Organization, Speaker
from tests.factories import (
    BY_TIME,
    DialogueYearFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    build_publication,
    build_workshop,
    country,
    entered_out_of_order,
)
from tests.helpers import count_queries
from workshops.models import PolicyExample, Section, Topic, Workshop

pytestmark = pytest.mark.django_db

API = "/api/v1"
NO_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
LISTS = [
    "years",
    "workshops",
    "sessions",
    "speakers",
    "organizations",
    "guiding-questions",
    "policy-examples",
    "documents",
    "topics",
    "publications",
    "sections",
]


def build_api_workshop(size, status=Workshop.Status.PUBLISHED):
    """build_workshop() plus what only the API shows: topics, organizations, a related workshop,
    and a publication with `size` sections in each of its texts."""
    workshop = build_workshop(size, status=status)
    build_publication(workshop, sections=size)
    workshop.related_workshops.add(WorkshopFactory(status=status))
    topic = TopicFactory()
    for example in workshop.policy_examples.all():
        example.topics.add(topic)
        example.organizations.add(OrganizationFactory())
    return workshop


def detail_urls(workshop):
    session = workshop.sessions.first()
    speaker = session.speakers.first()
    example = workshop.policy_examples.first()
    return [
        f"{API}/years/{workshop.dialogue_year.year}/",
        f"{API}/workshops/{workshop.slug}/",
        f"{API}/sessions/{session.pk}/",
        f"{API}/speakers/{speaker.slug}/",
        f"{API}/organizations/{speaker.organization.slug}/",
        f"{API}/guiding-questions/{session.guiding_questions.first().pk}/",
        f"{API}/policy-examples/{example.slug}/",
        f"{API}/documents/{workshop.documents.first().pk}/",
        f"{API}/topics/{example.topics.first().slug}/",
        f"{API}/publications/{workshop.publications.first().pk}/",
        f"{API}/sections/{Section.objects.filter(part__publication__workshop=workshop)[0].pk}/",
    ]


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["results"]


def slugs(client, url):
    return [item["slug"] for item in results(client, url)]


def test_api_lists_and_details_answer_with_json(client):
    workshop = build_api_workshop(2)
    for name in LISTS:
        assert results(client, f"{API}/{name}/"), name
    for url in detail_urls(workshop):
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (200, "application/json"), url


def test_api_root_links_every_list(client):
    assert list(client.get(f"{API}/").json()) == LISTS


def test_api_workshop_detail_has_the_agenda_partners_and_objectives(client):
    workshop = build_api_workshop(2)
    session = workshop.sessions.first()
    participant = session.participants.first()

    data = client.get(f"{API}/workshops/{workshop.slug}/").json()

    assert data["year"] == workshop.dialogue_year.year
    assert data["country"] == "CH"
    assert data["objectives"] == ["Share experiences."]
    assert [partner["role"] for partner in data["partners"]] == ["collaborator"]
    assert [item["slug"] for item in data["agenda"]] == list(
        workshop.sessions.values_list("slug", flat=True)
    )
    first = data["agenda"][0]
    assert first["id"] == session.pk
    assert first["guiding_questions"] == list(
        session.guiding_questions.values_list("text", flat=True)
    )
    assert first["participants"][0] == {
        "speaker": {"slug": participant.speaker.slug, "full_name": participant.speaker.full_name},
        "role": "speaker",
        "title": "Director",
        "organization": None,
        "on_behalf_of": {
            "slug": participant.on_behalf_of.slug,
            "full_name": participant.on_behalf_of.full_name,
        },
        "languages": {"title": "en"},
    }


def test_api_speaker_detail_lists_the_published_participations(client):
    speaker = SpeakerFactory()
    SessionSpeakerFactory(speaker=speaker, role="moderator")
    draft = SessionFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))
    SessionSpeakerFactory(speaker=speaker, session=draft)

    data = client.get(f"{API}/speakers/{speaker.slug}/").json()

    assert [p["role"] for p in data["participations"]] == ["moderator"]
    assert data["organization"]["slug"] == speaker.organization.slug


def test_api_policy_examples_filter_by_country_topic_and_text(client):
    workshop = WorkshopFactory()
    remittances = TopicFactory(slug="remittances")
    wanted = PolicyExampleFactory(workshop=workshop, slug="sms-transfers", title="SMS transfers")
    wanted.countries.add(country("PH"), country("ES"))
    wanted.topics.add(remittances)
    other_topic = PolicyExampleFactory(workshop=workshop, slug="data", title="SMS data")
    other_topic.countries.add(country("PH"))
    other_country = PolicyExampleFactory(workshop=workshop, slug="fees", title="SMS fees")
    other_country.countries.add(country("IT"))
    other_country.topics.add(remittances)
    url = f"{API}/policy-examples/"

    assert slugs(client, f"{url}?country=ES") == ["sms-transfers"]
    assert slugs(client, f"{url}?topic=remittances&country=PH") == ["sms-transfers"]
    assert slugs(client, f"{url}?q=sms+fees") == ["fees"]
    assert results(client, f"{url}?country=PH")[1]["countries"] == ["PH", "ES"]


def test_api_speakers_filter_by_workshop_and_role_of_the_same_participation(client):
    moderator = SpeakerFactory(slug="awad")
    speaker = SpeakerFactory(slug="bunjun")
    first, second = WorkshopFactory(), WorkshopFactory()
    SessionSpeakerFactory(
        session=SessionFactory(workshop=first), speaker=moderator, role="moderator"
    )
    SessionSpeakerFactory(session=SessionFactory(workshop=first), speaker=speaker)
    SessionSpeakerFactory(
        session=SessionFactory(workshop=second), speaker=speaker, role="moderator"
    )

    assert slugs(client, f"{API}/speakers/?workshop={first.slug}&role=moderator") == ["awad"]


def test_api_organizations_guiding_questions_and_sessions_filter(client):
    union = OrganizationFactory(slug="bwi", kind="trade_union")
    SessionSpeakerFactory(speaker=SpeakerFactory(organization=union))
    session = SessionFactory()
    wanted = GuidingQuestionFactory(session=session, text="What are the main data gaps?")
    GuidingQuestionFactory(session=session, text="Who are the stakeholders?")

    assert slugs(client, f"{API}/organizations/?kind=trade_union") == ["bwi"]
    questions = results(client, f"{API}/guiding-questions/?session={session.pk}&q=data")
    assert [question["id"] for question in questions] == [wanted.pk]
    sessions = results(client, f"{API}/sessions/?workshop={session.workshop.slug}")
    assert [item["id"] for item in sessions] == [session.pk]


def test_api_gives_a_parent_organization_an_address_only_when_it_has_one(client):
    workshop = WorkshopFactory()
    oecd = OrganizationFactory(slug="oecd", name="OECD")
    PolicyExampleFactory(workshop=workshop).organizations.add(oecd)
    harvard = OrganizationFactory(slug="harvard", name="Harvard University")
    # Partner of a draft only: named as a parent, with no address.
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    draft.partners.add(harvard, through_defaults={"role": "funder"})
    for slug, parent in [("oecd-dev", oecd), ("kennedy", harvard), ("oecd-stats", oecd)]:
        child = OrganizationFactory(slug=slug, parent=parent)
        SessionSpeakerFactory(session=SessionFactory(workshop=workshop), organization=child)

    listed = {item["slug"]: item["parent"] for item in results(client, f"{API}/organizations/")}
    one = client.get(f"{API}/organizations/kennedy/").json()

    in_english = {"name": "en", "acronym": "en"}
    oecd_summary = {"slug": "oecd", "name": "OECD", "acronym": "", "languages": in_english}
    harvard_summary = {
        "slug": None,
        "name": "Harvard University",
        "acronym": "",
        "languages": in_english,
    }
    assert listed["oecd-dev"] == listed["oecd-stats"] == oecd_summary
    assert listed["kennedy"] == one["parent"] == harvard_summary
    assert "harvard" not in listed
    assert client.get(f"{API}/organizations/oecd/").status_code == 200
    assert client.get(f"{API}/organizations/harvard/").status_code == 404


def test_api_gives_the_organization_of_a_person_who_is_only_represented_a_detail(client):
    absent = SpeakerFactory(organization=OrganizationFactory(slug="nowhere-labour"))
    SessionSpeakerFactory(on_behalf_of=absent, speaker=SpeakerFactory(organization=None))
    hidden = OrganizationFactory(slug="secret-plans")
    SessionSpeakerFactory(
        on_behalf_of=SpeakerFactory(organization=hidden),
        speaker=SpeakerFactory(organization=None),
        session=SessionFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT)),
    )

    speaker = client.get(f"{API}/speakers/{absent.slug}/").json()
    organization = client.get(f"{API}/organizations/{speaker['organization']['slug']}/")

    assert organization.status_code == 200
    assert organization.json()["slug"] == "nowhere-labour"
    assert slugs(client, f"{API}/organizations/") == ["nowhere-labour"]
    assert client.get(f"{API}/organizations/secret-plans/").status_code == 404


def test_api_never_shows_drafts_in_lists_details_or_nested_data(client):
    published = build_api_workshop(1)
    related = published.related_workshops.get()
    public_slugs = {published.slug, related.slug}
    draft = build_api_workshop(1, status=Workshop.Status.DRAFT)
    draft.dialogue_year = DialogueYearFactory(year=2031)
    draft.save()
    published.related_workshops.add(draft)
    draft_only = [url for url in detail_urls(draft) if "/topics/" not in url]

    listed = {name: client.get(f"{API}/{name}/").json() for name in LISTS}
    workshop = client.get(f"{API}/workshops/{published.slug}/").json()

    for name, data in listed.items():
        assert data["count"] == len(data["results"]), name
        assert draft.slug not in str(data), name
    assert {item["slug"] for item in listed["workshops"]["results"]} == public_slugs
    assert [item["year"] for item in listed["years"]["results"]] == [2030]
    assert set(listed["years"]["results"][0]["workshops"]) == public_slugs
    assert workshop["related_workshops"] == [related.slug]
    for url in draft_only:
        response = client.get(url)
        assert (response.status_code, list(response.json())) == (404, ["detail"]), url


def test_api_filters_do_not_accept_draft_workshops(client):
    draft = build_api_workshop(1, status=Workshop.Status.DRAFT)
    names = ["sessions", "speakers", "guiding-questions", "policy-examples", "documents"]
    for name in [*names, "publications", "sections"]:
        response = client.get(f"{API}/{name}/?workshop={draft.slug}")
        assert response.status_code == 400, name
        assert list(response.json()) == ["workshop"]


@pytest.mark.parametrize(
    "query",
    [
        "country=XX",
        "topic=no-such-topic",
        "scope=galactic",
        "year=abc",
        "workshop=../../etc",
        "organization=%00",
        "q=" + "x" * 5000,
        "q=%00",
    ],
)
def test_api_bad_filter_values_get_a_400_with_json_messages(client, query):
    PolicyExampleFactory()
    response = client.get(f"{API}/policy-examples/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert list(response.json()) == [name]
    assert isinstance(response.json()[name][0], str)


@pytest.mark.parametrize(
    "query", ["kind=appendix", "publication=abc", "publication=999999", "workshop=nope", "kind=%00"]
)
def test_api_bad_section_filters_get_a_400_with_json_messages(client, query):
    build_publication(WorkshopFactory())
    response = client.get(f"{API}/sections/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_api_sections_of_a_publication_in_order_with_the_notes_they_refer_to(client):
    workshop = WorkshopFactory()
    publication = build_publication(workshop, sections=2)
    build_publication(WorkshopFactory())
    report = publication.parts.get(kind="report")

    data = results(client, f"{API}/sections/?publication={publication.pk}&kind=report")

    assert [(item["part"], item["order"], item["level"]) for item in data] == [
        (report.slug, 1, 1),
        (report.slug, 2, 2),
    ]
    first = data[0]
    assert first["workshop"] == workshop.slug
    assert first["body"] == f"Paragraph 1 of {report.title}.[^1]"
    assert first["url"] == f"http://testserver{report.get_absolute_url()}#{first['anchor']}"
    assert first["footnotes"] == [
        {
            "number": 1,
            "body": "The estimates shown are for 2005.",
            "body_html": "<p>The estimates shown are for 2005.</p>\n",
            "languages": {"body": "en", "body_html": "en"},
        }
    ]
    assert data[1]["footnotes"] == []
    publications = results(client, f"{API}/publications/?workshop={workshop.slug}")
    assert [part["slug"] for part in publications[0]["parts"]] == [
        part.slug for part in publication.parts.all()
    ]


@pytest.mark.parametrize("page", ["999999999999999999999", "abc", "-1", "0", "1", "2", ""])
def test_api_page_numbers_get_a_400_that_points_to_the_links(client, page):
    PolicyExampleFactory()
    response = client.get(f"{API}/policy-examples/?page={page}")
    assert response.status_code == 400
    assert response.json() == {
        "page": [
            "Pages are reached by the cursor of the “next” and “previous” links, not by number."
        ]
    }


def cursor(data):
    return urlsafe_b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "%00",
        "!!!!",
        cursor([]),
        cursor({"p": "ab"}),
        cursor({"p": ["Title"]}),
        cursor({"p": ["Title", "1", "2"]}),
        cursor({"p": ["Title", "one"]}),
        cursor({"p": ["Title", None]}),
        cursor({"p": ["Title\x00", "1"]}),
        cursor({"p": ["\ud800", "1"]}),  # half of a character: no database takes it
        cursor({"p": ["Title", "1"], "r": 2}),
        # Nested deeper than Python's JSON reader goes: a RecursionError.
        urlsafe_b64encode(b"[" * 1000 + b"]" * 1000).decode(),
        urlsafe_b64encode(b'{"p": ' + b"[" * 1000 + b"]" * 1000 + b"}").decode(),
    ],
)
def test_api_cursors_that_no_page_wrote_give_a_404_with_json(client, value):
    PolicyExampleFactory()
    response = client.get(f"{API}/policy-examples/", {"cursor": value})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def walk(client, url, link="next"):
    """Every page from `url` on, following their `link`: each page's results."""
    pages = []
    while url:
        data = client.get(url).json()
        pages.append(data["results"])
        url = data[link]
    return pages


def test_api_pages_hold_50_objects_and_up_to_200_on_request(client):
    workshop = WorkshopFactory()
    PolicyExampleFactory.create_batch(201, workshop=workshop)
    url = f"{API}/policy-examples/"

    first = client.get(url).json()

    assert (first["count"], len(first["results"]), first["previous"]) == (201, 50, None)
    assert first["next"].startswith(f"http://testserver{url}?cursor=")
    assert [len(page) for page in walk(client, url)] == [50, 50, 50, 50, 1]
    assert len(results(client, f"{url}?page_size=500")) == 200
    assert len(results(client, f"{url}?page_size=abc")) == 50


def build_ties():
    """Two published workshops that start on the same day under the same title, and people,
    organizations and examples whose names tie."""
    workshops = [build_api_workshop(3), build_api_workshop(2)]
    WorkshopFactory(dialogue_year=DialogueYearFactory(year=2031))
    Workshop.objects.update(start_date=workshops[0].start_date, title="Labour mobility")
    Speaker.objects.update(sort_name="Diallo, Amina")
    Organization.objects.update(name="Ministry of Labour")
    PolicyExampleFactory.create_batch(4, workshop=workshops[1], title="Remittances by SMS")


@pytest.mark.parametrize("name", LISTS)
def test_api_links_walk_each_list_in_its_order_both_ways_whatever_ties(client, name):
    build_ties()
    url = f"{API}/{name}/"
    whole = results(client, f"{url}?page_size=200")

    pages = walk(client, f"{url}?page_size=1")

    assert len(pages) == len(whole) > 1
    assert [item for page in pages for item in page] == whole
    last = client.get(walk_to_last(client, f"{url}?page_size=1")).json()
    assert walk(client, last["previous"], "previous") == pages[-2::-1]


@pytest.mark.parametrize("name", ["workshops", "policy-examples", "topics"])
def test_api_links_walk_a_list_in_the_order_of_the_language_asked_for(client, name):
    """Titles and names in French where they have one, else in English, sort together."""
    build_ties()
    PolicyExampleFactory.create_batch(3, title="Zakat funds")
    for model in (Workshop, PolicyExample):
        for number, pk in enumerate(model.objects.values_list("pk", flat=True)[::2]):
            model.objects.filter(pk=pk).update(title_fr=f"Accord {number % 2}")
    Topic.objects.filter(pk=Topic.objects.order_by("pk")[0].pk).update(name_fr="Zones")
    url = f"{API}/{name}/?lang=fr"
    whole = results(client, f"{url}&page_size=200")

    pages = walk(client, f"{url}&page_size=1")

    assert len(pages) == len(whole) > 1
    assert [item for page in pages for item in page] == whole
    last = client.get(walk_to_last(client, f"{url}&page_size=1")).json()
    assert walk(client, last["previous"], "previous") == pages[-2::-1]


def test_api_pages_reached_by_their_links_keep_the_filters(client):
    workshop = build_api_workshop(3)
    build_api_workshop(3)
    url = f"{API}/sessions/?workshop={workshop.slug}&page_size=2"

    pages = walk(client, url)

    assert [item["workshop"] for page in pages for item in page] == [workshop.slug] * 3


def test_api_a_page_far_down_a_list_runs_the_queries_of_the_first(client, settings):
    PolicyExampleFactory.create_batch(30, workshop=WorkshopFactory())
    url = f"{API}/policy-examples/?page_size=2"
    last = walk_to_last(client, url)
    settings.CACHES = {name: NO_CACHE for name in ["default", "versions"]}

    assert count_queries(client, last) == count_queries(client, url) == 5


def walk_to_last(client, url):
    """The address of the last page, following the `next` links from `url`."""
    data = client.get(url).json()
    while data["next"]:
        url = data["next"]
        data = client.get(url).json()
    return url


@pytest.mark.parametrize("path", ["nothing/", "documents/2.5/", "workshops/a/b/"])
def test_api_unknown_addresses_get_a_404_with_json(client, path):
    response = client.get(f"{API}/{path}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_api_adds_a_missing_trailing_slash(client):
    response = client.get(f"{API}/workshops")
    assert (response.status_code, response["Location"]) == (301, f"{API}/workshops/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, method):
    workshop = WorkshopFactory()
    for url in [f"{API}/workshops/", f"{API}/workshops/{workshop.slug}/"]:
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405, url
        assert "detail" in response.json()
        assert "Access-Control-Allow-Origin" not in response
    assert Workshop.objects.get() == workshop


def test_api_may_be_read_from_any_web_page_without_credentials(client):
    response = client.get(f"{API}/workshops/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies


def test_api_answers_a_repeat_request_with_304(client):
    WorkshopFactory()
    url = f"{API}/workshops/"
    etag = client.get(url)["ETag"]

    repeat = client.get(url, headers={"If-None-Match": etag})

    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["Access-Control-Allow-Origin"] == "*"
    WorkshopFactory()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_api_runs_the_same_number_of_queries_for_small_and_large_data(client):
    def urls(workshop):
        return [f"{API}/{name}/?page_size=200" for name in LISTS] + detail_urls(workshop)

    small = [count_queries(client, url) for url in urls(build_api_workshop(2))]
    large = [count_queries(client, url) for url in urls(build_api_workshop(8))]
    assert small == large


def test_api_schema_is_openapi_3_with_every_endpoint(client):
    response = client.get(f"{API}/schema/", headers={"Accept": "application/json"})
    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert sorted(path for path in schema["paths"] if "{" not in path) == sorted(
        f"{API}/{name}/" for name in LISTS
    )
    assert len(schema["paths"]) == 2 * len(LISTS)
    policy_examples = schema["paths"][f"{API}/policy-examples/"]["get"]
    assert [parameter["name"] for parameter in policy_examples["parameters"]] == [
        "country",
        "cursor",
        "lang",
        "organization",
        "page_size",
        "q",
        "scope",
        "topic",
        "workshop",
        "year",
    ]
    assert sorted(policy_examples["responses"]) == ["200", "400", "404"]


def test_api_docs_page_serves_its_assets_itself(client):
    response = client.get(f"{API}/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html
    script = client.get(f"{API}/docs/?script=")
    assert script.status_code == 200
    assert f"{API}/schema/" in script.content.decode()


@pytest.mark.parametrize("version", ["2", "<script>alert(1)</script>\";filename*=UTF-8''evil.html"])
def test_api_schema_ignores_a_version_parameter_and_names_its_file_itself(client, version):
    """drf-spectacular put `version` into info.version and into the saved file's name."""
    response = client.get(f"{API}/schema/", {"format": "json", "version": version})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="IDM workshops API.json"'
    assert response.json()["info"]["version"] == "1"
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("query", ["?version=%00", "?lang=%00", "?format=json&lang=%0D%0A"])
def test_api_schema_refuses_control_characters_in_its_parameters(client, query):
    response = client.get(f"{API}/schema/{query}")

    assert response.status_code == 400
    assert response.json() == {"detail": "Control characters are not allowed."}
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("query", ["&x=%0D%0ASet-Cookie:%20a=b", "&%01=1"])
def test_api_schema_ignores_other_parameters_whatever_they_hold(client, query):
    """The page cache drops the parameters that the schema does not read (idm/page_cache.py)."""
    plain = client.get(f"{API}/schema/?format=json")

    response = client.get(f"{API}/schema/?format=json{query}")

    assert (response.status_code, response.content) == (200, plain.content)
    assert not response.cookies
    assert "a=b" not in str(response.headers)


@pytest.mark.parametrize("page", ["schema", "docs"])
def test_api_schema_and_its_documentation_come_in_the_site_languages_only(client, page):
    assert client.get(f"{API}/{page}/?lang=fr").status_code == 200

    response = client.get(f"{API}/{page}/?lang=../../../tmp")

    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of en, fr, es."]}
    assert client.get(f"{API}/{page}/?version=%00").status_code == 400


def test_api_docs_set_no_cookie_and_carry_no_token_in_answers_caches_share(client):
    """The start-up script asked Django for a CSRF token: a `csrftoken` cookie, and the token
    (64 letters and digits) in the script, on an answer marked public."""
    for url in (f"{API}/docs/", f"{API}/docs/?script="):
        response = client.get(url)

        assert response.status_code == 200
        assert response.cookies == {}
        assert response["Cache-Control"] == "public, max-age=60"
        assert not re.search(r"\b[A-Za-z0-9]{64}\b", response.content.decode())


def test_api_lists_the_agenda_by_date_and_time(client):
    workshop = entered_out_of_order()

    agenda = client.get(f"{API}/workshops/{workshop.slug}/").json()["agenda"]
    assert [item["slug"] for item in agenda] == BY_TIME
    assert "order" not in agenda[0]
    assert slugs(client, f"{API}/sessions/?workshop={workshop.slug}") == BY_TIME
