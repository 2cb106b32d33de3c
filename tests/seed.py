"""The 2007 seed workshop (fixtures/idm_2007.json): its name, what it holds, and loading it."""

from contextlib import contextmanager

from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.models.signals import post_save
from django.utils import translation

from speakers.models import Organization, Speaker
from workshops.models import (
    Challenge,
    DialogueYear,
    Document,
    Footnote,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
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

SEED_FIXTURE = "idm_2007"
WORKSHOP_SLUG = "making-global-labour-mobility-a-catalyst-for-development"

EXPECTED_COUNTS = {
    DialogueYear: 1,
    Workshop: 1,
    WorkshopPartner: 6,
    Objective: 3,
    KeyPrinciple: 3,
    Challenge: 3,
    Session: 12,
    SessionSpeaker: 23,
    GuidingQuestion: 25,
    Speaker: 24,
    Organization: 36,
    Topic: 11,
    PolicyExample: 22,
    Document: 9,
    Publication: 1,
    PublicationPart: 3,
    PublicationCredit: 4,
    Section: 26,
    Footnote: 14,
}


def counts():
    return {model: model.objects.count() for model in EXPECTED_COUNTS}


class SeedLoader:
    """Puts the seed in the database. The first time with `loaddata`, as `make run` loads it;
    after that from the rows it stored then, keys included: the same rows without its
    natural-key lookups (about 1,200 queries), three times faster. For the tests that load the
    seed themselves (transactional ones, the browser's): each does so again."""

    def __init__(self):
        self.rows = None
        self.models = []

    def __call__(self):
        if self.rows is None:
            self.first_time()
        else:
            self.again()

    def first_time(self):
        stored = []

        def note(sender, instance, raw, **kwargs):
            if raw:
                stored.append((sender, instance.pk))

        with receiving(post_save, note):
            call_command("loaddata", SEED_FIXTURE, verbosity=0)
        self.models = list(dict.fromkeys(model for model, _pk in stored))
        self.rows = serializers.serialize(
            "json", [model._base_manager.get(pk=pk) for model, pk in stored]
        )

    def again(self):
        with translation.override("en"):  # as modeltranslation's loaddata does
            for row in serializers.deserialize("json", self.rows):
                # As DeserializedObject.save(), but an INSERT alone: the rows are not there.
                row.object.save_base(raw=True, force_insert=True)
                for name, values in row.m2m_data.items():
                    getattr(row.object, name).set(values)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)


@contextmanager
def receiving(signal, receiver):
    signal.connect(receiver)
    try:
        yield
    finally:
        signal.disconnect(receiver)


load_seed = SeedLoader()
