"""Publications: a workshop's report and papers as texts of the site, made of sections and notes."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.admin_forms import add_row, admin_url, form_data, shown_messages
from tests.factories import (
    DocumentFactory,
    FootnoteFactory,
    PolicyExampleFactory,
    PublicationFactory,
    PublicationPartFactory,
    SectionFactory,
    SessionFactory,
    WorkshopFactory,
    build_publication,
)
from tests.helpers import count_queries
from workshops.models import (
    Document,
    Footnote,
    Publication,
    PublicationCredit,
    PublicationPart,
    Section,
    Session,
    Workshop,
)

pytestmark = pytest.mark.django_db

DRAFT = Workshop.Status.DRAFT


# Models ---------------------------------------------------------------------------------------


def test_a_section_is_rendered_when_it_is_saved():
    section = SectionFactory(body="Migrants *move*.[^2] <b>bold?</b>")
    assert section.body_html == (
        '<p>Migrants <em>move</em>.<sup class="footnote-ref"><a href="#fn:2" id="fnref:2">2</a>'
        "</sup> &lt;b&gt;bold?&lt;/b&gt;</p>\n"
    )
    section.body = "Changed."
    section.save()
    assert Section.objects.get(pk=section.pk).body_html == "<p>Changed.</p>\n"


def test_sections_and_notes_loaded_from_a_fixture_are_rendered_too(tmp_path):
    """loaddata saves without calling save()."""
    part = PublicationPartFactory()
    key = list(part.natural_key())
    fixture = tmp_path / "texts.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "workshops.section",
                    "fields": {"part": key, "order": 1, "anchor": "one", "body": "*One*[^1]"},
                },
                {
                    "model": "workshops.footnote",
                    "fields": {"part": key, "number": 1, "body": "A [source](https://x.org/)."},
                },
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Section.objects.get().body_html.startswith("<p><em>One</em><sup")
    assert Footnote.objects.get().body_html == '<p>A <a href="https://x.org/">source</a>.</p>\n'


def test_texts_are_public_only_when_the_publication_and_its_workshop_are_published():
    public = build_publication(WorkshopFactory())
    build_publication(WorkshopFactory(), status=DRAFT)
    build_publication(WorkshopFactory(status=DRAFT))
    for model in (PublicationPart, Section, Footnote, PublicationCredit):
        publications = {item.publication if hasattr(item, "publication") else item.part.publication
                        for item in model.objects.published()}  # fmt: skip
        assert publications == {public}, model


def test_a_section_may_not_take_an_anchor_that_the_page_uses():
    section = SectionFactory.build(part=PublicationPartFactory(), anchor="notes")
    with pytest.raises(ValidationError, match="The page uses “notes” itself"):
        section.full_clean()


def test_links_to_sections_stay_within_the_workshop():
    section = SectionFactory()
    other_workshop = WorkshopFactory()
    principle = other_workshop.key_principles.create(text="A", order=1, source_section=section)
    with pytest.raises(ValidationError, match="same workshop"):
        principle.full_clean()
    example = PolicyExampleFactory(workshop=other_workshop, source_section=section)
    example.source_footnote = FootnoteFactory(part=section.part)
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert set(error.value.message_dict) == {"source_section", "source_footnote"}


def test_a_document_that_is_a_text_of_the_site_links_to_its_page_once_published():
    publication = build_publication(WorkshopFactory(), status=DRAFT)
    part = publication.parts.first()
    document = DocumentFactory(workshop=publication.workshop, kind=Document.Kind.REPORT, part=part)
    assert document.link == ""
    publication.status = Workshop.Status.PUBLISHED
    publication.save()
    document.refresh_from_db()
    assert document.link == part.get_absolute_url()
    document.url = "https://example.org/report.pdf"
    with pytest.raises(ValidationError, match="remove the file or the link"):
        document.full_clean()
    document.url = ""
    document.workshop = WorkshopFactory()
    with pytest.raises(ValidationError, match="same workshop"):
        document.full_clean()


def test_how_to_cite_a_part_names_only_what_is_known():
    workshop = WorkshopFactory(title="Labour mobility")
    publication = PublicationFactory(
        workshop=workshop, series="International Dialogue on Migration"
    )
    report = PublicationPartFactory(publication=publication, title="Report")
    paper = PublicationPartFactory(publication=publication, title="Background paper")
    credits = [
        PublicationCredit(publication=publication, role="supervision", name="Chief", order=1),
        PublicationCredit(
            publication=publication, part=report, role="principal_author", name="Ana", order=2
        ),
    ]
    assert report.citation("https://idm.example.org/r/", credits) == (
        "Ana, “Report”, publication of the workshop “Labour mobility”, "
        "International Dialogue on Migration. https://idm.example.org/r/"
    )
    assert paper.citation("https://idm.example.org/p/", credits).startswith("“Background paper”")
    publication.title, publication.number, publication.year = "Labour", "11", 2008
    publication.publisher, publication.isbn = "IOM", "978-92-9068-000-0"
    assert paper.citation("/p/", credits) == (
        "“Background paper”, Labour, International Dialogue on Migration, No. 11, IOM, 2008, "
        "ISBN 978-92-9068-000-0. /p/"
    )


# Reading pages --------------------------------------------------------------------------------


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_a_part_reads_with_its_contents_notes_credits_and_how_to_cite_it(client):
    publication = build_publication(WorkshopFactory(title="Labour mobility"), sections=3)
    report, paper = publication.parts.all()
    first, second, _third = report.sections.all()

    page = read(client, report.get_absolute_url())

    assert f'<a href="#{first.anchor}">{first.heading}</a>' in page
    assert f'<section id="{second.anchor}" class="text-section level-2">' in page
    assert f"<h3>{second.heading}</h3>" in page
    # The marker links to the note, the note back to the marker.
    assert '<a href="#fn:1" id="fnref:1">1</a>' in page
    assert '<li id="fn:1" value="1"><p>The estimates shown are for 2005.</p>' in page
    assert 'href="#fnref:1"' in page
    assert "Principal author:</span> Ana Author" in page
    assert (
        f"Ana Author, “{report.title}”, publication of the workshop “Labour mobility”, "
        f"International Dialogue on Migration. http://testserver{report.get_absolute_url()}"
    ) in page
    assert f'rel="next" href="{paper.get_absolute_url()}"' in page
    assert 'rel="prev"' not in page
    assert f'rel="prev" href="{report.get_absolute_url()}"' in read(
        client, paper.get_absolute_url()
    )


def test_a_note_that_no_section_refers_to_has_no_link_back(client):
    """There is no marker to go back to."""
    part = build_publication(WorkshopFactory()).parts.first()
    FootnoteFactory(part=part, number=2, body="Unreferred.")
    page = read(client, part.get_absolute_url())
    assert '<li id="fn:2" value="2"><p>Unreferred.</p>\n</li>' in page


def test_reading_pages_are_under_each_language(client):
    part = build_publication(WorkshopFactory()).parts.first()
    for language in ("fr", "es"):
        url = part.get_absolute_url().replace("/en/", f"/{language}/")
        assert part.sections.first().heading in read(client, url)


def test_each_section_shows_what_the_workshops_data_took_from_it(client):
    workshop = WorkshopFactory()
    publication = build_publication(workshop)
    section = publication.parts.first().sections.first()
    paper_section = publication.parts.last().sections.first()
    workshop.key_principles.create(text="Plan ahead.", order=2, source_section=section)
    workshop.challenges.create(text="Data are scarce.", order=1, source_section=section)
    example = PolicyExampleFactory(workshop=workshop, source_section=section)
    session = SessionFactory(workshop=workshop, number=1)
    session.background_sections.add(paper_section)

    page = read(client, section.part.get_absolute_url())
    paper = read(client, paper_section.part.get_absolute_url())

    workshop_url = workshop.get_absolute_url()
    assert f'<a href="{workshop_url}#principle-2">Key principle 2 of the workshop</a>' in page
    assert f'<a href="{workshop_url}#challenge-1">Challenge 1 of the workshop</a>' in page
    assert f'<a href="{example.get_absolute_url()}">{example.title}</a>' in page
    assert f'Prepares: <a href="{session.get_absolute_url()}">{session.full_title}</a>' in paper


def test_points_and_examples_link_to_the_section_they_come_from(client):
    workshop = WorkshopFactory()
    section = build_publication(workshop).parts.first().sections.first()
    workshop.key_principles.create(text="Plan ahead.", order=1, source_section=section)
    example = PolicyExampleFactory(workshop=workshop, source_section=section)
    example.source_footnote = section.part.footnotes.get(number=1)
    example.save()
    session = SessionFactory(workshop=workshop)
    session.background_sections.add(section.part.publication.parts.last().sections.first())

    workshop_page = read(client, workshop.get_absolute_url())
    example_page = read(client, example.get_absolute_url())
    session_page = read(client, session.get_absolute_url())

    link = f'href="{section.get_absolute_url()}"'
    assert f'<li id="principle-1">Plan ahead. <a class="source-link" {link}>' in workshop_page
    assert f"<a {link}>{section.part.title}: {section.heading}</a>" in example_page
    assert f'<a href="{section.part.get_absolute_url()}#fn:1">note 1</a>' in example_page
    paper_section = session.background_sections.get()
    assert f'<a href="{paper_section.get_absolute_url()}">{paper_section.heading}</a>' in (
        session_page
    )


def test_no_link_leads_to_a_publication_moved_into_a_draft_workshop(client):
    """Citations are checked when the citing row is saved: a publication moved afterwards into
    a draft workshop, even published itself, is linked from nowhere."""
    workshop = WorkshopFactory()
    publication = build_publication(workshop)
    section = publication.parts.first().sections.first()
    workshop.key_principles.create(text="Plan ahead.", order=1, source_section=section)
    example = PolicyExampleFactory(workshop=workshop, source_section=section)
    example.source_footnote = section.part.footnotes.get(number=1)
    example.save()
    document = DocumentFactory(workshop=workshop, kind=Document.Kind.REPORT, part=section.part)
    draft_workshop = WorkshopFactory(status=DRAFT)
    publication.workshop = draft_workshop
    publication.save()

    for url in (workshop.get_absolute_url(), example.get_absolute_url()):
        assert draft_workshop.slug not in read(client, url)
    api_example = client.get(f"/api/v1/policy-examples/{example.slug}/").json()
    api_document = client.get(f"/api/v1/documents/{document.pk}/").json()
    assert draft_workshop.slug not in json.dumps([api_example, api_document])


def test_the_workshop_page_lists_its_publication_and_parts_without_their_texts(client):
    workshop = WorkshopFactory()
    publication = build_publication(workshop)
    report = publication.parts.first()
    DocumentFactory(workshop=workshop, kind=Document.Kind.REPORT, title="The report", part=report)
    DocumentFactory(workshop=workshop, title="A paper")

    page = read(client, workshop.get_absolute_url())

    assert f'<a href="{publication.get_absolute_url()}">{publication}</a>' in page
    for part in publication.parts.all():
        assert f'<a href="{part.get_absolute_url()}">{part.title}</a>' in page
    assert "A paper" in page
    assert "The report" not in page  # listed as the part it is
    assert "Paragraph 1" not in page and "2005" not in page


def test_the_publication_page_lists_its_parts_and_credits(client):
    publication = build_publication(WorkshopFactory())
    page = read(client, publication.get_absolute_url())
    for part in publication.parts.all():
        assert f'<a href="{part.get_absolute_url()}">{part.title}</a>' in page
    assert "Ana Author" in page


def test_about_shows_the_newest_published_foreword_as_a_text_of_its_year(client):
    old = build_publication(WorkshopFactory(title="Old workshop"))
    foreword = PublicationPartFactory(
        publication=old, kind=PublicationPart.Kind.FOREWORD, title="Foreword", slug="foreword"
    )
    SectionFactory(part=foreword, body="The IDM works through the IOM Council.[^1]")
    FootnoteFactory(part=foreword, number=1, body="IOM Strategy.")
    newer_draft = build_publication(
        WorkshopFactory(start_date=datetime.date(2031, 1, 1), end_date=datetime.date(2031, 1, 2)),
        status=DRAFT,
    )
    PublicationPartFactory(publication=newer_draft, kind=PublicationPart.Kind.FOREWORD)

    page = read(client, "/en/about/")

    assert "The IDM works through the IOM Council." in page
    assert "IOM Strategy." in page
    assert (
        "The text below is the foreword of the IDM's publication of the workshop “Old workshop”, "
        "held in 2030"
    ) in page
    assert f'<a href="{foreword.get_absolute_url()}">Read it with the publication</a>' in page
    assert '<a href="/en/about/">About the IDM</a>' in read(client, "/en/speakers/")


def test_about_without_a_published_foreword_says_what_the_idm_is(client):
    page = read(client, "/fr/about/")
    assert "<h1>" in page and 'href="/fr/about/"' in page


def test_texts_of_a_draft_publication_are_not_found_but_editors_preview_them(client, editor):
    workshop = WorkshopFactory()
    publication = build_publication(workshop, status=DRAFT)
    urls = [publication.get_absolute_url(), publication.parts.first().get_absolute_url()]
    client.logout()
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert publication.parts.first().title not in read(client, workshop.get_absolute_url())

    client.force_login(editor)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Draft: only editors can see this page." in response.content.decode()
        assert "no-cache" in response["Cache-Control"]


def test_an_unknown_part_is_a_404_in_the_site_layout(client):
    part = build_publication(WorkshopFactory()).parts.first()
    url = part.get_absolute_url().replace(part.slug, "no-such-part")
    assert "site-footer" in read(client, url, status=404)


def test_reading_pages_run_the_same_number_of_queries_for_short_and_long_texts(client):
    def urls(publication):
        part = publication.parts.first()
        workshop = publication.workshop
        for section in part.sections.all():
            workshop.key_principles.create(text="P", order=section.order, source_section=section)
            PolicyExampleFactory(workshop=workshop, source_section=section)
            SessionFactory(workshop=workshop).background_sections.add(section)
        return [
            publication.get_absolute_url(),
            part.get_absolute_url(),
            workshop.get_absolute_url(),
        ]

    short = [count_queries(client, url) for url in urls(build_publication(WorkshopFactory(), 2))]
    long = [count_queries(client, url) for url in urls(build_publication(WorkshopFactory(), 12))]
    assert short == long


def test_an_anchor_left_empty_is_made_from_the_heading_and_kept_unique():
    part = PublicationPartFactory()
    SectionFactory(part=part, heading="The way forward", anchor="the-way-forward")
    section = SectionFactory.build(part=part, order=9, heading_en="The way forward", anchor="")
    section.full_clean()
    assert section.anchor == "the-way-forward-2"
    untitled = SectionFactory.build(part=part, order=10, heading="", anchor="")
    untitled.full_clean()
    assert untitled.anchor == "section"


# Admin ----------------------------------------------------------------------------------------


def test_an_editor_adds_a_publication_with_its_parts_then_writes_a_part(client, editor):
    workshop = WorkshopFactory()
    page = client.get(admin_url(Publication, "add"))
    data = form_data(page)
    data.update(workshop=workshop.pk, series_en="IDM Series", slug="red-book", status="draft")
    add_row(data, "credits", order="", role="principal_author", name="Ana Author")
    add_row(data, "parts", order="", kind="report", title_en="Report", slug="report")
    add_row(data, "parts", order="", kind="background_paper", title_en="Paper", slug="paper")
    response = client.post(admin_url(Publication, "add"), data, follow=True)
    assert response.context.get("errors") is None, response.context.get("errors")
    publication = Publication.objects.get(slug="red-book")
    assert [(p.order, p.slug) for p in publication.parts.all()] == [(1, "report"), (2, "paper")]

    report = publication.parts.get(slug="report")
    data = form_data(client.get(admin_url(PublicationPart, "change", report.pk)))
    add_row(data, "sections", order="", level="1", heading_en="The way forward", anchor="",
            body_en="Labour *mobility*.[^1] And more.[^2]")  # fmt: skip
    add_row(data, "footnotes", number="1", body_en="A note.")
    response = client.post(admin_url(PublicationPart, "change", report.pk), data, follow=True)

    section = report.sections.get()
    assert (section.anchor, section.order) == ("the-way-forward", 1)
    assert section.body_html.startswith("<p>Labour <em>mobility</em>.<sup")
    assert (
        "The section “The way forward” refers to note 2, which this part does not have."
        in shown_messages(response)
    )


def test_a_reference_to_a_missing_note_is_found_in_the_text_of_each_language(client, editor):
    """Whatever language the editor works in: a French text's [^8] is a link to nowhere too.
    The part has note 1."""
    report = build_publication(WorkshopFactory()).parts.get(kind="report")
    data = form_data(client.get(admin_url(PublicationPart, "change", report.pk)))
    add_row(data, "sections", order="", level="1", heading_en="Findings", anchor="",
            body_en="See [^1] and [^9].", body_fr="Voir [^8] et [^1].", body_es="")  # fmt: skip

    response = client.post(admin_url(PublicationPart, "change", report.pk), data, follow=True)

    assert [m for m in shown_messages(response) if "refers to note" in m] == [
        f"The section “Findings” refers to note {number}, which this part does not have."
        for number in (9, 8)
    ]


def test_a_credit_for_one_part_chooses_among_this_publications_parts(client, editor):
    publication = build_publication(WorkshopFactory())
    build_publication(WorkshopFactory())
    form = client.get(admin_url(Publication, "change", publication.pk)).context[
        "inline_admin_formsets"
    ]
    (credits,) = [inline.formset for inline in form if inline.formset.prefix == "credits"]
    choices = credits.forms[0].fields["part"].queryset
    assert set(choices) == set(publication.parts.all())


def test_background_reading_of_a_session_comes_from_its_own_workshop(client, editor):
    session = SessionFactory()
    elsewhere = build_publication(WorkshopFactory()).parts.last().sections.first()
    data = form_data(client.get(admin_url(Session, "change", session.pk)))
    data["background_sections"] = [elsewhere.pk]
    response = client.post(admin_url(Session, "change", session.pk), data)
    assert response.context["adminform"].form.errors["background_sections"] == [
        "Choose sections of a publication of the session's workshop."
    ]


def test_publications_are_published_and_unpublished_from_their_list(client, editor):
    drafts = [build_publication(WorkshopFactory(), status=DRAFT) for _ in range(2)]
    response = client.post(
        admin_url(Publication, "changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in drafts]},
        follow=True,
    )
    assert shown_messages(response) == ["2 publications were published."]
    part = drafts[0].parts.first()
    client.logout()
    assert client.get(part.get_absolute_url()).status_code == 200


def test_view_on_site_of_a_draft_part_shows_the_editor_its_preview(client, editor):
    part = build_publication(WorkshopFactory(), status=DRAFT).parts.first()
    content_type = ContentType.objects.get_for_model(PublicationPart)
    response = client.get(f"/admin/r/{content_type.pk}/{part.pk}/", follow=True)
    assert response.redirect_chain == [(f"http://testserver{part.get_absolute_url()}", 302)]
    assert "Draft: only editors can see this page." in response.content.decode()
