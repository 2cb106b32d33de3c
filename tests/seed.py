"""The 2007 seed workshop (fixtures/idm_2007.json): its name and what it holds."""

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
