"""The generated data set for load tests: realistic shape, exact sizes, the same for a seed."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from speakers.models import Organization, Speaker
from tests.factories import PolicyExampleFactory, SessionSpeakerFactory
from workshops.models import (
    Document,
    GuidingQuestion,
    PolicyExample,
    Session,
    SessionSpeaker,
    Workshop,
)

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command("generate_data", stdout=io.StringIO(), **options)


def snapshot():
    """The generated content, by natural keys (ids differ from one database to the next)."""
    return {
        "workshops": list(
            Workshop.objects.order_by("slug").values_list(
                "slug", "title", "status", "start_date", "dialogue_year__year"
            )
        ),
        "sessions": list(
            Session.objects.order_by("workshop__slug", "date", "start_time").values_list(
                "workshop__slug", "slug", "kind", "number", "title", "date", "start_time"
            )
        ),
        "participants": list(
            SessionSpeaker.objects.order_by(
                "session__workshop__slug", "session__date", "session__start_time", "order"
            ).values_list("session__slug", "speaker__slug", "role", "organization__slug")
        ),
        "speakers": list(
            Speaker.objects.order_by("slug").values_list("slug", "position", "country")
        ),
        "questions": list(
            GuidingQuestion.objects.order_by(
                "session__workshop__slug", "session__date", "session__start_time", "order"
            ).values_list("session__slug", "order", "text")
        ),
        "examples": [
            (
                example.slug,
                example.summary,
                example.scope,
                example.workshop.slug,
                sorted(country.code for country in example.countries.all()),
                sorted(topic.slug for topic in example.topics.all()),
                sorted(organization.slug for organization in example.organizations.all()),
            )
            for example in PolicyExample.objects.order_by("slug")
            .select_related("workshop")
            .prefetch_related("countries", "topics", "organizations")
        ],
        "documents": list(
            Document.objects.order_by("workshop__slug", "order").values_list(
                "slug", "kind", "session__slug", "speaker__slug", "url"
            )
        ),
    }


def generated(seed):
    """What --seed makes at a small scale; the database is left as it was."""
    with transaction.atomic():
        generate(seed=seed, scale=0.002)
        data = snapshot()
        transaction.set_rollback(True)
    return data


def test_generate_data_makes_the_counts_of_the_scale():
    generate(scale=0.01)

    assert Workshop.objects.count() == 2
    assert Session.objects.count() == 2 * 12
    assert Organization.objects.count() == 10
    assert Speaker.objects.count() == 50
    assert GuidingQuestion.objects.count() == 200
    assert PolicyExample.objects.count() == 1000
    assert Document.objects.count() == 2 * 7


def test_generate_data_is_the_same_for_the_same_seed_and_differs_for_another():
    first, again, other = generated(7), generated(7), generated(8)
    assert first == again
    assert first["examples"] != other["examples"]
    assert len(first["examples"]) == 200


def test_generate_data_builds_agendas_like_the_real_ones():
    generate(scale=0.01)

    workshop = Workshop.objects.first()
    kinds = list(workshop.sessions.values_list("kind", flat=True))
    assert kinds[:5] == ["registration", "welcome", "keynote", "scene_setting", "panel"]
    assert kinds.count("panel") == 4
    assert kinds.count("break") == 2
    panel = workshop.sessions.filter(kind="panel").first()
    roles = list(panel.participants.values_list("role", flat=True))
    assert roles[0] == "moderator"
    assert 3 <= roles.count("speaker") <= 5
    assert workshop.sessions.get(kind="registration").participants.count() == 0
    assert PolicyExample.objects.filter(countries__isnull=True).count() == 0
    assert max(example.countries.count() for example in PolicyExample.objects.all()[:200]) > 1
    assert PolicyExample.objects.filter(topics__isnull=True).count() == 0


def test_generate_data_leaves_other_content_alone_and_refuses_to_run_twice():
    participant = SessionSpeakerFactory()
    example = PolicyExampleFactory(workshop=participant.session.workshop)
    generate(scale=0.005)

    with pytest.raises(CommandError, match="already holds generated workshops"):
        generate(scale=0.005)

    assert Workshop.objects.exclude(slug__startswith="gen-").get() == example.workshop
    assert list(Workshop.objects.get(pk=example.workshop.pk).sessions.all()) == [
        participant.session
    ]
    assert example.workshop.policy_examples.get() == example
    assert Workshop.objects.filter(slug__startswith="gen-").count() == 1


def test_generate_data_refuses_a_scale_of_zero():
    with pytest.raises(CommandError, match="--scale must be positive"):
        generate(scale=0)
