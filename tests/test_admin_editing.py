"""Admin details that editors tripped over: taken web addresses, the session search box,
returning to the workshop, suggested sort names, and the slug of a duplicated workshop."""

import datetime

import pytest

from speakers.models import Speaker
from tests.admin_forms import add_row, admin_url, form_data, inline_errors, new_values
from tests.factories import SessionFactory, SpeakerFactory, WorkshopFactory
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db
logged_in = pytest.mark.usefixtures("editor")


def add_page_errors(client, model, **values):
    data = form_data(client.get(admin_url(model, "add")))
    data.update(new_values(model), **values)
    response = client.post(admin_url(model, "add"), data)
    assert response.status_code == 200, "saved"
    return response


@logged_in
def test_workshop_slug_taken_in_another_case_names_the_workshop_on_the_field(client):
    WorkshopFactory(title="Labour mobility 2007", slug="labour-mobility")

    response = add_page_errors(client, Workshop, slug="Labour-Mobility")

    form = response.context["adminform"].form
    assert form.errors == {"slug": ["This web address is already used by “Labour mobility 2007”."]}


@logged_in
def test_session_slug_taken_in_the_same_workshop_names_the_session_not_in_another(client):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop, slug="opening", number=1, title="Welcome")
    SessionFactory(slug="closing")  # another workshop's

    response = add_page_errors(client, Session, workshop=workshop.pk)
    assert response.context["adminform"].form.errors == {
        "slug": ["This web address is already used by “Session I: Welcome”."]
    }

    data = form_data(client.get(admin_url(Session, "add")))
    data.update(new_values(Session), workshop=workshop.pk, slug="closing")
    assert client.post(admin_url(Session, "add"), data).status_code == 302


@logged_in
def test_speaker_slug_taken_names_the_speaker_and_opens_the_web_address_section(client):
    SpeakerFactory(full_name="Amina Diallo", slug="amina")

    response = add_page_errors(client, Speaker)

    assert response.context["adminform"].form.errors == {
        "slug": ["This web address is already used by “Amina Diallo”."]
    }
    page = response.content.decode()
    web_address = page[page.index('<fieldset class="module aligned collapse"') :]
    web_address = web_address[: web_address.index("</fieldset>")]
    assert "id_slug" in web_address
    assert "<details" not in web_address  # shown open, not folded away


@logged_in
def test_web_address_section_stays_folded_without_an_error_in_it(client):
    page = client.get(admin_url(Speaker, "add")).content.decode()
    web_address = page[page.index('<fieldset class="module aligned collapse"') :]
    assert web_address.index("<details") < web_address.index("id_slug")


def test_session_slug_taken_on_the_workshop_page_names_the_session(admin_client):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop, slug="opening", title="Opening")
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["sessions-0-slug"] = "opening-remarks"
    add_row(
        data,
        "sessions",
        date=workshop.start_date.isoformat(),
        start_time="12:00",
        end_time="13:00",
        kind="panel",
        title_en="Opening",
        slug="Opening",
    )
    SessionFactory(
        workshop=workshop,
        slug="Opening",
        title="Saved meanwhile",
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 0),
    )

    response = admin_client.post(url, data)

    assert inline_errors(response, "sessions")[1] == {
        "slug": ["This web address is already used by “Saved meanwhile”."]
    }


def session_choices(client, term, field="session", model_name="policyexample"):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "workshops", "model_name": model_name, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def numbered_sessions():
    workshop = WorkshopFactory(title="Making Global Labour Mobility a Catalyst for Development")
    first = SessionFactory(
        workshop=workshop,
        number=1,
        title="Towards More Effective Labour Migration Management: Assessing Labour Market Needs",
    )
    second = SessionFactory(workshop=workshop, number=2, title="Key Policy Elements")
    SessionFactory(workshop=workshop, title="Wrap-up and Closing Remarks")
    return first, second


@logged_in
def test_session_search_box_names_the_workshop_and_its_year(client, numbered_sessions):
    assert session_choices(client, "Key policy") == [
        "Session II: Key Policy Elements — Making Global Labour Mobility a… (2030)"
    ]
    assert session_choices(client, "Towards", model_name="document") == [
        "Session I: Towards More Effective Labour Migration… — "
        "Making Global Labour Mobility a… (2030)"
    ]


@logged_in
@pytest.mark.parametrize(
    ("term", "numbers"),
    [("Session I", [1]), ("session ii", [2]), ("Session II: key", [2]), ("Session II: x", [])],
)
def test_session_search_box_finds_sessions_by_their_number_as_shown(
    client, numbered_sessions, term, numbers
):
    shown = session_choices(client, term)
    assert [choice.split(":")[0] for choice in shown] == [f"Session {'I' * n}" for n in numbers]


@logged_in
def test_session_chosen_on_a_guiding_question_is_shown_with_its_workshop(client):
    from tests.factories import GuidingQuestionFactory
    from workshops.models import GuidingQuestion

    question = GuidingQuestionFactory(session__number=3, session__title="Partners")
    page = client.get(admin_url(GuidingQuestion, "change", question.pk)).content.decode()
    assert f"Session III: Partners — {question.session.workshop.title} (2030)" in page


@logged_in
def test_saving_a_session_opened_from_its_workshop_goes_back_to_the_workshop(client):
    session = SessionFactory(title="Opening")
    workshop_url = admin_url(Workshop, "change", session.workshop.pk)
    session_url = admin_url(Session, "change", session.pk)
    link = f"{session_url}?from_workshop={session.workshop.pk}"
    assert f'href="{link}"' in client.get(workshop_url).content.decode()

    data = form_data(client.get(link))
    data["title_en"] = "Opening remarks"
    response = client.post(link, data)

    assert response.status_code == 302
    assert response["Location"] == workshop_url
    session.refresh_from_db()
    assert session.title == "Opening remarks"


@logged_in
def test_save_and_continue_and_save_and_add_another_keep_the_way_back(client):
    session = SessionFactory()
    workshop_url = admin_url(Workshop, "change", session.workshop.pk)
    link = f"{admin_url(Session, 'change', session.pk)}?from_workshop={session.workshop.pk}"

    response = client.post(link, {**form_data(client.get(link)), "_continue": "1"})
    assert response["Location"] == link

    assert client.post(link, form_data(client.get(link)))["Location"] == workshop_url

    response = client.post(link, {**form_data(client.get(link)), "_addanother": "1"})
    add_link = f"{admin_url(Session, 'add')}?from_workshop={session.workshop.pk}"
    assert response["Location"] == add_link
    data = form_data(client.get(add_link))
    data.update(new_values(Session), workshop=session.workshop.pk)
    assert client.post(add_link, data)["Location"] == workshop_url


@logged_in
@pytest.mark.parametrize(
    "value", ["https://example.com/", "//example.com", "/admin/auth/user/", "other", "0"]
)
def test_saving_a_session_ignores_a_from_workshop_that_is_not_its_workshop(client, value):
    session = SessionFactory()
    other = WorkshopFactory()
    for from_workshop in [value, other.pk]:
        link = f"{admin_url(Session, 'change', session.pk)}?from_workshop={from_workshop}"
        response = client.post(link, form_data(client.get(link)))
        assert response["Location"] == admin_url(Session, "changelist")


@logged_in
@pytest.mark.parametrize(
    ("full_name", "sort_name", "stored"),
    [
        ("Amina Diallo", "", "Diallo, Amina"),
        ("  Maria del Carmen  Sasot ", "", "Sasot, Maria del Carmen"),
        ("Jung Mino", "Jung Mino", "Jung Mino"),
        ("Ban", "", "Ban"),
    ],
)
def test_sort_name_left_empty_is_taken_from_the_full_name(client, full_name, sort_name, stored):
    data = form_data(client.get(admin_url(Speaker, "add")))
    data.update(full_name=full_name, sort_name=sort_name, slug="someone")

    assert client.post(admin_url(Speaker, "add"), data).status_code == 302
    assert Speaker.objects.get().sort_name == stored


@logged_in
def test_sort_name_emptied_on_the_change_page_is_taken_from_the_full_name(client):
    speaker = SpeakerFactory(full_name="Ibrahim Awad", sort_name="Awad")
    url = admin_url(Speaker, "change", speaker.pk)
    page = client.get(url)
    assert "js/admin-sort-name.js" in page.content.decode()

    assert client.post(url, {**form_data(page), "sort_name": ""}).status_code == 302
    speaker.refresh_from_db()
    assert speaker.sort_name == "Awad, Ibrahim"


@logged_in
def test_speaker_popup_from_a_session_row_suggests_the_sort_name_too(client):
    page = client.get(admin_url(Speaker, "add"), {"_popup": "1", "_to_field": "id"})
    assert "js/admin-sort-name.js" in page.content.decode()
    assert not page.context["adminform"].form.fields["sort_name"].required


def follows_title(client, workshop):
    page = client.get(admin_url(Workshop, "change", workshop.pk))
    assert "js/admin-slug-follows-title.js" in page.content.decode()
    return page.context["adminform"].form["slug"].field.widget.attrs.get("data-follows")


@logged_in
def test_duplicated_workshops_slug_follows_the_title_until_an_editor_sets_one(client):
    original = WorkshopFactory(slug="labour-mobility")
    copy = original.duplicate_as_draft()
    assert copy.slug == "labour-mobility-2031"
    second_copy = original.duplicate_as_draft()
    assert second_copy.slug == "labour-mobility-2031-2"

    assert follows_title(client, original) is None
    assert follows_title(client, copy) == "id_title_en"
    assert follows_title(client, second_copy) == "id_title_en"

    data = form_data(client.get(admin_url(Workshop, "change", copy.pk)))
    data.update(title_en="Skills partnerships", slug="skills-partnerships")
    assert client.post(admin_url(Workshop, "change", copy.pk), data).status_code == 302
    copy.refresh_from_db()
    assert follows_title(client, copy) is None


def test_slug_is_from_duplication_only_for_a_draft_with_the_generated_slug():
    original = WorkshopFactory(slug="w" * 200)
    copy = original.duplicate_as_draft()
    assert copy.slug == "w" * 195 + "-2031"
    assert copy.slug_is_from_duplication()

    copy.status = Workshop.Status.PUBLISHED
    assert not copy.slug_is_from_duplication()
    copy.status = Workshop.Status.DRAFT
    copy.slug = "labour-mobility-2031"
    assert not copy.slug_is_from_duplication()
    unrelated = WorkshopFactory(slug=f"{original.slug[:195]}-2030", status="draft")
    assert not unrelated.slug_is_from_duplication()


@logged_in
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Please correct the duplicate data for speaker and role, which must be unique."),
        (
            "fr",
            "Corrigez les données en double dans intervenant et rôle qui doit contenir des "
            "valeurs uniques.",
        ),
        (
            "es",
            "Por favor corrija el dato duplicado para ponente y función, ya que debe ser único.",
        ),
    ],
)
def test_a_speaker_twice_in_the_same_role_is_refused_in_the_labels_words(
    client, language, expected
):
    """Django names the fields by their code names, in English whatever the page's language."""
    session = SessionFactory()
    speaker = SpeakerFactory()
    url = admin_url(Session, "change", session.pk)
    data = form_data(client.get(url, HTTP_ACCEPT_LANGUAGE=language))
    (prefix,) = [
        inline.formset.prefix
        for inline in client.get(url).context["inline_admin_formsets"]
        if inline.formset.model.__name__ == "SessionSpeaker"
    ]
    for _ in range(2):
        add_row(data, prefix, speaker=speaker.pk, role="speaker", version="")

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200, "saved"
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    assert formset.non_form_errors() == [expected]
    assert session.speakers.count() == 0
