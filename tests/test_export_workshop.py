"""A workshop exported with `export_workshop` loads into an empty database exactly as it was."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from speakers.models import Organization, Speaker
from tests.factories import (
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    build_publication,
    country,
)
from tests.seed import EXPECTED_COUNTS, SEED_FIXTURE, WORKSHOP_SLUG, counts
from workshops.models import (
    DialogueYear,
    Document,
    PolicyExample,
    PublicationCredit,
    Session,
    Topic,
    Workshop,
)

pytestmark = pytest.mark.django_db


def export(slug, path):
    call_command("export_workshop", slug, output=str(path))
    return path.read_text(encoding="utf-8")


def empty_the_content():
    Workshop.objects.all().delete()
    Speaker.objects.all().delete()
    Organization.objects.all().delete()
    Topic.objects.all().delete()
    DialogueYear.objects.all().delete()


def test_seed_workshop_round_trips_through_an_empty_database(tmp_path):
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    exported = export(WORKSHOP_SLUG, tmp_path / "first.json")
    assert len(json.loads(exported)) == sum(EXPECTED_COUNTS.values())

    empty_the_content()
    assert Workshop.objects.count() == 0
    call_command("loaddata", str(tmp_path / "first.json"), verbosity=0)

    assert counts() == EXPECTED_COUNTS
    assert export(WORKSHOP_SLUG, tmp_path / "second.json") == exported


def test_generated_draft_workshop_round_trips_with_everything_it_refers_to(tmp_path):
    government = OrganizationFactory(slug="government", country=country("KE"))
    ministry = OrganizationFactory(slug="ministry", parent=government)
    workshop = WorkshopFactory(slug="draft-2031", status=Workshop.Status.DRAFT)
    stand_in = SessionSpeakerFactory(
        session__workshop=workshop,
        speaker=SpeakerFactory(organization=ministry),
        on_behalf_of=SpeakerFactory(slug="absent-minister", organization=None),
        title="Acting Director <then>",
    )
    GuidingQuestionFactory(session=stand_in.session, text="What & why?")
    example = PolicyExampleFactory(workshop=workshop, session=stand_in.session)
    example.countries.add(country("ES"), country("EC"))
    example.topics.add(TopicFactory(slug="remittances"))
    example.organizations.add(OrganizationFactory(slug="central-bank"))
    DocumentFactory(workshop=workshop, session=stand_in.session, speaker=stand_in.speaker)
    publication = build_publication(workshop)
    report, paper = publication.parts.all()
    first_section = report.sections.first()
    first_section.heading_fr, first_section.body_fr = "Introduction", "Paragraphe 1.[^1]"
    first_section.body_es = "Párrafo 1."
    first_section.save()
    report.footnotes.update(body_fr="Les estimations sont pour 2005.")
    report.title_es = "Informe"
    report.save()
    publication.credits.update(affiliation_fr="Chercheuse, OIM")
    example.source_section = first_section
    example.source_footnote = report.footnotes.get()
    example.save()
    stand_in.session.background_sections.add(*paper.sections.all())
    DocumentFactory(workshop=workshop, kind="report", part=report)
    WorkshopFactory(slug="unrelated")  # not exported
    exported = export("draft-2031", tmp_path / "first.json")

    empty_the_content()
    call_command("loaddata", str(tmp_path / "first.json"), verbosity=0)

    assert export("draft-2031", tmp_path / "second.json") == exported
    assert Workshop.objects.get().status == Workshop.Status.DRAFT
    assert Organization.objects.get(slug="ministry").parent.slug == "government"
    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "central-bank",
        "government",
        "ministry",
    ]
    assert Speaker.objects.filter(slug="absent-minister").exists()
    example = PolicyExample.objects.get()
    assert (example.source_section.anchor, example.source_footnote.number) == (
        first_section.anchor,
        1,
    )
    section = example.source_section
    assert section.body_html.startswith("<p>Paragraph 1 of")  # rendered again on loading
    assert section.notes_text == "The estimates shown are for 2005."
    # Every language carried, each rendered again and searched by its own notes.
    assert section.heading_fr == "Introduction"
    assert section.body_html_fr.startswith("<p>Paragraphe 1.<sup")
    assert section.body_html_es == "<p>Párrafo 1.</p>\n"
    assert section.notes_text_fr == "Les estimations sont pour 2005."
    assert section.part.title_es == "Informe"
    assert PublicationCredit.objects.get().affiliation_fr == "Chercheuse, OIM"
    assert Session.objects.get().background_sections.count() == 2
    assert Document.objects.get(kind="report").part.slug == report.slug


def test_unknown_workshop_is_a_clear_error():
    with pytest.raises(CommandError, match="No workshop with the slug 'nope'"):
        call_command("export_workshop", "nope")
