"""The workshops in the read-only JSON API: published workshops and what belongs to them."""

from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from idm.api import InRequestedLanguage, LanguagesField
from speakers.api import OrganizationSummarySerializer, SpeakerSummarySerializer
from speakers.models import Speaker

from .filters import GuidingQuestionFilter, PolicyExampleFilter, WorkshopContentFilter
from .models import (
    DialogueYear,
    Document,
    GuidingQuestion,
    PolicyExample,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
    WorkshopPartner,
)
from .views import participants_prefetch


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


def texts(**kwargs):
    return serializers.SlugRelatedField(slug_field="text", many=True, read_only=True, **kwargs)


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:30"})
class GenevaTimeField(serializers.TimeField):
    """A time of day in Geneva, 'HH:MM': no offset, which JSON Schema's "time" format requires."""

    format = "%H:%M"


class DialogueYearSerializer(serializers.ModelSerializer):
    workshops = slugs(many=True)
    languages = LanguagesField()

    class Meta:
        model = DialogueYear
        fields = ["year", "theme", "workshops", "languages"]


class TopicSerializer(serializers.ModelSerializer):
    languages = LanguagesField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "languages"]


class ParticipantSerializer(serializers.ModelSerializer):
    speaker = SpeakerSummarySerializer(read_only=True)
    organization = OrganizationSummarySerializer(read_only=True, allow_null=True)
    on_behalf_of = SpeakerSummarySerializer(read_only=True, allow_null=True)
    languages = LanguagesField()

    class Meta:
        model = SessionSpeaker
        fields = ["speaker", "role", "title", "organization", "on_behalf_of", "languages"]


class SessionSerializer(serializers.ModelSerializer):
    workshop = slugs()
    start_time = GenevaTimeField(read_only=True)
    end_time = GenevaTimeField(read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    guiding_questions = texts()
    languages = LanguagesField()

    class Meta:
        model = Session
        fields = [
            "id",
            "workshop",
            "slug",
            "date",
            "start_time",
            "end_time",
            "kind",
            "number",
            "title",
            "description",
            "general_discussion",
            "participants",
            "guiding_questions",
            "languages",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = WorkshopPartner
        fields = ["organization", "role"]


class WorkshopSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="dialogue_year.year", read_only=True)
    languages = LanguagesField()

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "title",
            "kind",
            "year",
            "start_date",
            "end_date",
            "venue",
            "city",
            "country",
            "summary",
            "participant_count",
            "participant_country_count",
            "participation_is_approximate",
            "languages",
        ]


class WorkshopDetailSerializer(WorkshopSerializer):
    """A workshop with its agenda, partners and numbered points."""

    objectives = texts()
    key_principles = texts()
    challenges = texts()
    partners = PartnerSerializer(source="partner_roles", many=True, read_only=True)
    related_workshops = slugs(many=True)
    agenda = SessionSerializer(many=True, read_only=True)

    class Meta(WorkshopSerializer.Meta):
        fields = [
            *WorkshopSerializer.Meta.fields,
            "objectives",
            "key_principles",
            "challenges",
            "partners",
            "related_workshops",
            "agenda",
        ]


class GuidingQuestionSerializer(serializers.ModelSerializer):
    workshop = slugs(source="session.workshop")
    languages = LanguagesField()

    class Meta:
        model = GuidingQuestion
        fields = ["id", "workshop", "session", "order", "text", "languages"]


class PolicyExampleSerializer(serializers.ModelSerializer):
    workshop = slugs()
    topics = slugs(many=True)
    organizations = OrganizationSummarySerializer(many=True, read_only=True)
    languages = LanguagesField()

    class Meta:
        model = PolicyExample
        fields = [
            "slug",
            "title",
            "summary",
            "scope",
            "workshop",
            "session",
            "countries",
            "topics",
            "organizations",
            "languages",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    workshop = slugs()
    speaker = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()
    languages = LanguagesField()

    class Meta:
        model = Document
        fields = [
            "id",
            "workshop",
            "slug",
            "session",
            "speaker",
            "title",
            "kind",
            "language",
            "link",
            "languages",
        ]

    def get_speaker(self, document) -> str | None:
        """The presenter's slug; null when they have no public page (they speak only in drafts)."""
        return document.speaker.slug if document.speaker_is_public else None

    def get_link(self, document) -> str | None:
        """Where the document can be read; null while it is listed but not online."""
        return self.context["request"].build_absolute_uri(document.link) if document.link else None


def sessions_with_participants():
    return Session.objects.prefetch_related(participants_prefetch(), "guiding_questions")


class DialogueYearViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    queryset = DialogueYear.objects.published().prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.published())
    )
    serializer_class = DialogueYearSerializer
    lookup_field = "year"


class WorkshopViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def get_queryset(self):
        queryset = Workshop.objects.published().select_related("dialogue_year")
        if self.action == "retrieve":
            queryset = queryset.with_overview().prefetch_related(
                Prefetch("related_workshops", queryset=Workshop.objects.published()),
                Prefetch("sessions", queryset=sessions_with_participants(), to_attr="agenda"),
            )
        return queryset

    def get_serializer_class(self):
        return WorkshopDetailSerializer if self.action == "retrieve" else WorkshopSerializer


class SessionViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    # The newest workshop first (as the workshops' list), each one's agenda by date and time.
    queryset = sessions_with_participants().published().newest_first().select_related("workshop")
    serializer_class = SessionSerializer
    filterset_class = WorkshopContentFilter


class GuidingQuestionViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    queryset = (
        GuidingQuestion.objects.published().newest_first().select_related("session__workshop")
    )
    serializer_class = GuidingQuestionSerializer
    filterset_class = GuidingQuestionFilter


class PolicyExampleViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    queryset = (
        PolicyExample.objects.published()
        .select_related("workshop")
        .prefetch_related("countries", "topics", "organizations")
    )
    serializer_class = PolicyExampleSerializer
    lookup_field = "slug"
    filterset_class = PolicyExampleFilter


class DocumentViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    queryset = (
        Document.objects.published()
        .newest_first()
        .select_related("workshop", "speaker")
        .annotate(
            speaker_is_public=Exists(Speaker.objects.published().filter(pk=OuterRef("speaker")))
        )
    )
    serializer_class = DocumentSerializer
    filterset_class = WorkshopContentFilter


class TopicViewSet(InRequestedLanguage, viewsets.ReadOnlyModelViewSet):
    """The topics of published policy examples."""

    queryset = Topic.objects.published()
    serializer_class = TopicSerializer
    lookup_field = "slug"
