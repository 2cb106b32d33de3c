"""Export one workshop, with everything it needs, to a fixture that loads into any database."""

import json

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from idm.languages import CONTENT_LANGUAGES, column, translated_fields
from speakers.models import Organization, Speaker
from workshops.models import (
    Document,
    Footnote,
    GuidingQuestion,
    PolicyExample,
    PublicationCredit,
    PublicationPart,
    Section,
    SessionSpeaker,
    Topic,
    Workshop,
    agenda_order,
)

# A session's people and questions, session by session in the agenda's order.
BY_AGENDA = [*agenda_order("session__"), "order"]
# A publication's texts, part by part.
BY_PART = ["part__publication_id", "part__order"]
# Made from `body` in each language whenever a section or note is saved or loaded: not carried.
DERIVED_FIELDS = {
    "workshops.section": ["body_html", "notes_text"],
    "workshops.footnote": ["body_html"],
}


def workshop_objects(workshop):
    """The workshop and every object it refers to, in an order loaddata can follow."""
    sessions = list(workshop.sessions.all())
    participations = list(
        SessionSpeaker.objects.filter(session__workshop=workshop).order_by(*BY_AGENDA)
    )
    documents = list(Document.objects.filter(workshop=workshop))
    examples = list(PolicyExample.objects.filter(workshop=workshop))
    partners = list(workshop.workshoppartner_set.all())

    speaker_ids = {p.speaker_id for p in participations}
    speaker_ids |= {p.on_behalf_of_id for p in participations if p.on_behalf_of_id}
    speaker_ids |= {d.speaker_id for d in documents if d.speaker_id}
    speakers = list(Speaker.objects.filter(pk__in=speaker_ids))

    organization_ids = {p.organization_id for p in partners}
    organization_ids |= {p.organization_id for p in participations if p.organization_id}
    organization_ids |= {s.organization_id for s in speakers if s.organization_id}
    organization_ids |= set(
        PolicyExample.organizations.through.objects.filter(policyexample__in=examples).values_list(
            "organization_id", flat=True
        )
    )
    organizations = organizations_with_parents(organization_ids)
    topics = Topic.objects.filter(policy_examples__in=examples).distinct()

    of_workshop = {"part__publication__workshop": workshop}
    return [
        *organizations,
        *speakers,
        *topics,
        workshop.dialogue_year,
        workshop,
        *partners,
        *workshop.publications.all(),
        *PublicationPart.objects.filter(publication__workshop=workshop),
        *PublicationCredit.objects.filter(publication__workshop=workshop),
        *Section.objects.filter(**of_workshop).order_by(*BY_PART, "order"),
        *Footnote.objects.filter(**of_workshop).order_by(*BY_PART, "number"),
        *workshop.objectives.all(),
        *workshop.key_principles.all(),
        *workshop.challenges.all(),
        *sessions,
        *participations,
        *GuidingQuestion.objects.filter(session__workshop=workshop).order_by(*BY_AGENDA),
        *examples,
        *documents,
    ]


def organizations_with_parents(ids):
    """The organizations and, up the chain, the bodies they belong to (parents first)."""
    found = {}
    while ids:
        batch = Organization.objects.filter(pk__in=ids - found.keys())
        found.update({organization.pk: organization for organization in batch})
        ids = {o.parent_id for o in batch if o.parent_id} - found.keys()
    return sorted(found.values(), key=lambda organization: depth(organization, found))


def depth(organization, found):
    """How many of the `found` organizations are above this one.

    A loop of parents (which two editors saving at once can leave behind) ends the chain
    where it comes back to an organization already counted.
    """
    level, seen = 0, {organization.pk}
    while organization.parent_id in found and organization.parent_id not in seen:
        organization, level = found[organization.parent_id], level + 1
        seen.add(organization.pk)
    return level


class Command(BaseCommand):
    help = (
        "Write a workshop with its sessions, speakers, organizations, questions, policy "
        "examples, documents and publications to a JSON fixture (natural keys), for "
        "`loaddata` elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the workshop's slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug, output, **options):
        try:
            workshop = Workshop.objects.select_related("dialogue_year").get(slug=slug)
        except Workshop.DoesNotExist as error:
            raise CommandError(f"No workshop with the slug {slug!r}.") from error
        objects = serializers.serialize(
            "python", workshop_objects(workshop), use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )  # fmt: skip
        for item in objects:
            if item["model"] == "workshops.workshop":
                # Related workshops may not exist where the file is loaded.
                item["fields"]["related_workshops"] = []
            # Each text in its columns (title_en, title_fr, title_es), not also as the
            # library's copy of one of them (title).
            translated = translated_fields(apps.get_model(item["model"]))
            derived = DERIVED_FIELDS.get(item["model"], [])
            for field in dict.fromkeys([*derived, *translated]):
                del item["fields"][field]
            for field in derived:
                for language in CONTENT_LANGUAGES:
                    del item["fields"][column(field, language)]
        text = json.dumps(objects, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"Wrote {len(objects)} objects to {output}.")
        else:
            self.stdout.write(text, ending="")
