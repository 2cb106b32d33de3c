"""factory_boy factories for generated test data (the seed fixtures hold the real data), and
builders of whole workshops made with them."""

import datetime
from dataclasses import dataclass

import factory
from django.contrib.auth.models import Group, User

from speakers.models import Country, Organization, Speaker
from workshops.models import (
    DialogueYear,
    Document,
    Footnote,
    GuidingQuestion,
    PolicyExample,
    Publication,
    PublicationCredit,
    PublicationPart,
    Section,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
    WorkshopPartner,
)


def country(code):
    """Countries are loaded by a migration: fetch, never create."""
    return Country.objects.get(code=code)


class DialogueYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueYear
        django_get_or_create = ["year"]

    year = 2030
    theme = factory.Sequence(lambda n: f"Annual theme {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = Organization.Kind.GOVERNMENT


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    full_name = factory.Sequence(lambda n: f"Speaker Number{n}")
    sort_name = factory.Sequence(lambda n: f"Number{n}, Speaker")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    position = "Director"
    organization = factory.SubFactory(OrganizationFactory)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    dialogue_year = factory.SubFactory(DialogueYearFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    start_date = datetime.date(2030, 3, 10)
    end_date = datetime.date(2030, 3, 11)
    city = "Geneva"
    country = factory.LazyFunction(lambda: country("CH"))
    status = Workshop.Status.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    slug = factory.Sequence(lambda n: f"session-{n}")
    date = factory.LazyAttribute(lambda session: session.workshop.start_date)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(11, 0)
    kind = Session.Kind.PANEL
    title = factory.Sequence(lambda n: f"Session title {n}")


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = SessionSpeaker.Role.SPEAKER
    order = factory.Sequence(lambda n: n + 1)
    title = "Director"


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingQuestion

    session = factory.SubFactory(SessionFactory)
    text = factory.Sequence(lambda n: f"Guiding question {n}?")
    order = factory.Sequence(lambda n: n + 1)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PolicyExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyExample

    title = factory.Sequence(lambda n: f"Policy example {n}")
    slug = factory.Sequence(lambda n: f"policy-example-{n}")
    summary = "A practice cited at the workshop."
    scope = PolicyExample.Scope.NATIONAL
    workshop = factory.SubFactory(WorkshopFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    kind = Document.Kind.PAPER


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    workshop = factory.SubFactory(WorkshopFactory)
    series = "International Dialogue on Migration"
    slug = factory.Sequence(lambda n: f"publication-{n}")
    status = Workshop.Status.PUBLISHED


class PublicationPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationPart

    publication = factory.SubFactory(PublicationFactory)
    kind = PublicationPart.Kind.REPORT
    title = factory.Sequence(lambda n: f"Part {n}")
    slug = factory.Sequence(lambda n: f"part-{n}")
    order = factory.Sequence(lambda n: n + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    part = factory.SubFactory(PublicationPartFactory)
    order = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section heading {n}")
    anchor = factory.Sequence(lambda n: f"section-{n}")
    body = "Labour mobility serves development."


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote

    part = factory.SubFactory(PublicationPartFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = "The estimates shown are for 2005."


def build_publication(workshop, sections=2, status=Workshop.Status.PUBLISHED):
    """A publication of `workshop` with a report and a background paper, each of `sections`
    sections (the first referring to note 1), a note and an author."""
    publication = PublicationFactory(workshop=workshop, status=status)
    for order, kind in enumerate(
        [PublicationPart.Kind.REPORT, PublicationPart.Kind.BACKGROUND_PAPER], start=1
    ):
        part = PublicationPartFactory(publication=publication, kind=kind, order=order)
        for position in range(1, sections + 1):
            SectionFactory(
                part=part,
                order=position,
                level=1 if position == 1 else 2,
                body=f"Paragraph {position} of {part.title}.[^1]" if position == 1 else "Text.",
            )
        FootnoteFactory(part=part, number=1)
    PublicationCredit.objects.create(
        publication=publication, role=PublicationCredit.Role.PRINCIPAL_AUTHOR, name="Ana Author",
        order=1,
    )  # fmt: skip
    return publication


# The password of the accounts the tests make (hashed with MD5 in tests: tests/conftest.py).
PASSWORD = "correct horse battery staple"


def editor_account(username="editor"):
    """A member of the Editors group (staff, not a superuser), who logs in with PASSWORD."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def build_workshop(size, status=Workshop.Status.PUBLISHED):
    """A workshop with `size` sessions, each with speakers, questions and a document."""
    workshop = WorkshopFactory(status=status)
    WorkshopPartner.objects.create(
        workshop=workshop, organization=OrganizationFactory(), role="collaborator"
    )
    workshop.objectives.create(text="Share experiences.", order=1)
    for number in range(size):
        session = SessionFactory(
            workshop=workshop,
            start_time=datetime.time(8 + number % 10, 0),
            end_time=datetime.time(8 + number % 10, 45),
        )
        for position in range(size):
            SessionSpeakerFactory(
                session=session,
                order=position + 1,
                on_behalf_of=SpeakerFactory() if position == 0 else None,
            )
            GuidingQuestionFactory(session=session, order=position + 1)
        DocumentFactory(workshop=workshop, session=session, speaker=session.speakers.first())
        PolicyExampleFactory(workshop=workshop).countries.add(country("ES"), country("EC"))
    return workshop


def entered_out_of_order():
    """A workshop whose agenda items were entered in another order than their times'."""
    workshop = WorkshopFactory()
    at = datetime.time
    for slug, day, start, end in [
        ("closing", 1, at(16), at(17)),
        ("panel", 0, at(11), at(12)),
        ("opening", 0, at(9), at(10)),
        ("morning", 1, at(9), at(10)),
    ]:
        date = workshop.start_date + datetime.timedelta(days=day)
        SessionFactory(
            workshop=workshop, slug=slug, title=slug, date=date, start_time=start, end_time=end
        )
    return workshop


BY_TIME = ["opening", "panel", "morning", "closing"]


@dataclass
class Content:
    """One workshop and what belongs to it (the speaker and organization only to it)."""

    workshop: Workshop
    session: Session
    speaker: Speaker
    organization: Organization
    question: GuidingQuestion
    example: PolicyExample
    topic: Topic
    document: Document
    # A section of the report of the workshop's publication, and its publication.
    section: Section | None = None

    @property
    def publication(self):
        return self.section.part.publication


def build_texts(workshop, text, slug, status=Workshop.Status.PUBLISHED):
    """A publication of `workshop` (`slug`) with a foreword, a report and a background paper,
    `text` in each of their texts, a section each and a note in the report and the paper;
    returns the report's section."""
    publication = PublicationFactory(
        workshop=workshop, status=status, slug=slug, title=f"{text} publication",
        series=f"{text} series", publisher=f"{text} publisher",
    )  # fmt: skip
    sections = []
    for order, kind in enumerate(PublicationPart.Kind.values, start=1):
        part = PublicationPartFactory(
            publication=publication, kind=kind, order=order, title=f"{text} {kind}",
            slug=f"{slug}-{kind}".replace("_", "-"),
        )  # fmt: skip
        section = SectionFactory(
            part=part, order=1, heading=f"{text} {kind} heading", anchor=f"{slug}-{order}",
            body=f"{text} {kind} text.[^1]",
        )  # fmt: skip
        sections.append(section)
        if kind != PublicationPart.Kind.FOREWORD:
            FootnoteFactory(part=part, number=1, body=f"{text} {kind} note.")
    PublicationCredit.objects.create(
        publication=publication, role=PublicationCredit.Role.PRINCIPAL_AUTHOR,
        name=f"{text} author", affiliation=f"{text} affiliation", order=1,
    )  # fmt: skip
    return sections[1]


def build_published():
    workshop = WorkshopFactory(
        dialogue_year=DialogueYearFactory(year=2030, theme="Labour mobility"),
        title="Labour migration and development",
        slug="labour-migration",
        summary="How labour migration serves development.",
    )
    workshop.objectives.create(text="Share migration practice.", order=1)
    session = SessionFactory(workshop=workshop, title="Migration panel", slug="panel")
    organization = OrganizationFactory(
        name="Ministry of migration", slug="ministry", acronym="MOM", country=country("ES")
    )
    speaker = SpeakerFactory(
        full_name="Ana Public", slug="ana-public", position="Migration director",
        organization=organization, country=country("ES"),
    )  # fmt: skip
    SessionSpeakerFactory(session=session, speaker=speaker, organization=organization)
    question = GuidingQuestionFactory(session=session, text="How can migration help?")
    topic = TopicFactory(name="Remittances", slug="remittances")
    example = PolicyExampleFactory(
        workshop=workshop, session=session, title="Migration desk", slug="desk",
        summary="A desk for migration questions.",
    )  # fmt: skip
    example.topics.add(topic)
    example.countries.add(country("ES"))
    example.organizations.add(organization)
    document = DocumentFactory(
        workshop=workshop, session=session, title="Migration paper", slug="paper",
        url="https://example.org/paper.pdf",
    )  # fmt: skip
    section = build_texts(workshop, "Labour migration", "red-book")
    link_to_texts(workshop, session, example, section)
    return Content(
        workshop, session, speaker, organization, question, example, topic, document, section
    )


def link_to_texts(workshop, session, example, section):
    """Links the workshop's first objective and `example` to `section` (of a report), and
    `session` to the background paper of the same publication."""
    workshop.objectives.update(source_section=section)
    example.source_section = section
    example.source_footnote = section.part.footnotes.first()
    example.save()
    paper = section.part.publication.parts.get(kind=PublicationPart.Kind.BACKGROUND_PAPER)
    session.background_sections.add(paper.sections.first())
