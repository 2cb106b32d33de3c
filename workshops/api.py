"""The workshops in the read-only JSON API: published workshops and what belongs to them."""

from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from idm.api import ReadOnlyViewSet, slugs
from idm.languages import Shown
from idm.markup import footnote_references
from speakers.api import (
    OrganizationSummarySerializer,
    SpeakerSummarySerializer,
    TranslatedSerializer,
)
from speakers.models import Speaker

from .filters import (
    GuidingQuestionFilter,
    PolicyExampleFilter,
    SectionFilter,
    WorkshopContentFilter,
)
from .models import (
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
from .views import PART_LINK, credits_with_parts, participants_prefetch


def texts(**kwargs):
    return serializers.SlugRelatedField(slug_field="text", many=True, read_only=True, **kwargs)


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:30"})
class GenevaTimeField(serializers.TimeField):
    """A time of day in Geneva, 'HH:MM': no offset, which JSON Schema's "time" format requires."""

    format = "%H:%M"


class DialogueYearSerializer(TranslatedSerializer):
    workshops = slugs(many=True)

    class Meta:
        model = DialogueYear
        fields = ["year", "theme", "workshops", "languages"]


class TopicSerializer(TranslatedSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "languages"]


class ParticipantSerializer(TranslatedSerializer):
    speaker = SpeakerSummarySerializer(read_only=True)
    organization = OrganizationSummarySerializer(read_only=True, allow_null=True)
    on_behalf_of = SpeakerSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = SessionSpeaker
        fields = ["speaker", "role", "title", "organization", "on_behalf_of", "languages"]


class SessionSerializer(TranslatedSerializer):
    workshop = slugs()
    start_time = GenevaTimeField(read_only=True)
    end_time = GenevaTimeField(read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    guiding_questions = texts()

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


class WorkshopSerializer(TranslatedSerializer):
    year = serializers.IntegerField(source="dialogue_year.year", read_only=True)

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
    """A workshop with its agenda, partners, numbered points and publications (their ids)."""

    objectives = texts()
    key_principles = texts()
    challenges = texts()
    partners = PartnerSerializer(source="partner_roles", many=True, read_only=True)
    related_workshops = slugs(many=True)
    agenda = SessionSerializer(many=True, read_only=True)
    publications = serializers.SerializerMethodField()

    class Meta(WorkshopSerializer.Meta):
        fields = [
            *WorkshopSerializer.Meta.fields,
            "objectives",
            "key_principles",
            "challenges",
            "partners",
            "related_workshops",
            "agenda_is_provisional",
            "agenda",
            "publications",
        ]

    def get_publications(self, workshop) -> list[int]:
        """The ids of its published publications."""
        return [publication.pk for publication in workshop.published_publications]


class GuidingQuestionSerializer(TranslatedSerializer):
    workshop = slugs(source="session.workshop")

    class Meta:
        model = GuidingQuestion
        fields = ["id", "workshop", "session", "order", "text", "languages"]


def absolute(request, link):
    return request.build_absolute_uri(link) if link else None


class PolicyExampleSerializer(TranslatedSerializer):
    workshop = slugs()
    topics = slugs(many=True)
    organizations = OrganizationSummarySerializer(many=True, read_only=True)
    source = serializers.SerializerMethodField()

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
            "source",
        ]

    def get_source(self, example) -> str | None:
        """The page and anchor of the section of the workshop's publication that it comes
        from; null when there is none, or while the publication is not published."""
        return absolute(self.context["request"], example.source_link)


class DocumentSerializer(TranslatedSerializer):
    workshop = slugs()
    speaker = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()

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
        """Where the document can be read (its file, its link, or its text on this site);
        null while it is listed but not online."""
        return absolute(self.context["request"], document.link)


class CreditSerializer(TranslatedSerializer):
    part = slugs(allow_null=True)

    class Meta:
        model = PublicationCredit
        fields = ["role", "name", "affiliation", "part", "languages"]


class PartSerializer(TranslatedSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PublicationPart
        fields = ["slug", "kind", "title", "url", "languages"]

    def get_url(self, part) -> str:
        """Its page, to read."""
        return absolute(self.context["request"], part.get_absolute_url())


class PublicationSerializer(TranslatedSerializer):
    workshop = slugs()
    url = serializers.SerializerMethodField()
    credits = CreditSerializer(many=True, read_only=True)
    parts = PartSerializer(many=True, read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "workshop",
            "slug",
            "series",
            "number",
            "title",
            "year",
            "isbn",
            "publisher",
            "url",
            "credits",
            "parts",
            "languages",
        ]

    def get_url(self, publication) -> str:
        return absolute(self.context["request"], publication.get_absolute_url())


class FootnoteSerializer(TranslatedSerializer):
    class Meta:
        model = Footnote
        fields = ["number", "body", "body_html", "languages"]


class SectionSerializer(TranslatedSerializer):
    workshop = slugs(source="part.publication.workshop")
    publication = serializers.IntegerField(source="part.publication_id", read_only=True)
    part = slugs()
    kind = serializers.CharField(source="part.kind", read_only=True)
    url = serializers.SerializerMethodField()
    footnotes = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = [
            "id",
            "workshop",
            "publication",
            "part",
            "kind",
            "order",
            "level",
            "heading",
            "anchor",
            "body",
            "body_html",
            "url",
            "footnotes",
            "languages",
        ]

    def get_url(self, section) -> str:
        """Its place on the page of its part."""
        return absolute(self.context["request"], section.get_absolute_url())

    @extend_schema_field(FootnoteSerializer(many=True))
    def get_footnotes(self, section):
        """The notes of its part that its text refers to ([^number] in `body`)."""
        numbers = set(footnote_references(section.body))
        notes = [note for note in section.part.footnotes.all() if note.number in numbers]
        return FootnoteSerializer(notes, many=True).data


def sessions_with_participants():
    return Session.objects.prefetch_related(participants_prefetch(), "guiding_questions")


class DialogueYearViewSet(ReadOnlyViewSet):
    queryset = DialogueYear.objects.published().prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.published())
    )
    serializer_class = DialogueYearSerializer
    lookup_field = "year"


class WorkshopViewSet(ReadOnlyViewSet):
    lookup_field = "slug"

    def get_queryset(self):
        queryset = Workshop.objects.published().select_related("dialogue_year")
        if self.action == "retrieve":
            queryset = queryset.with_overview().prefetch_related(
                Prefetch("related_workshops", queryset=Workshop.objects.published()),
                Prefetch("sessions", queryset=sessions_with_participants(), to_attr="agenda"),
                Prefetch(
                    "publications",
                    queryset=Publication.objects.published(),
                    to_attr="published_publications",
                ),
            )
        return queryset

    def get_serializer_class(self):
        return WorkshopDetailSerializer if self.action == "retrieve" else WorkshopSerializer


class SessionViewSet(ReadOnlyViewSet):
    # The newest workshop first (as the workshops' list), each one's agenda by date and time.
    queryset = sessions_with_participants().published().newest_first().select_related("workshop")
    serializer_class = SessionSerializer
    filterset_class = WorkshopContentFilter


class GuidingQuestionViewSet(ReadOnlyViewSet):
    queryset = (
        GuidingQuestion.objects.published().newest_first().select_related("session__workshop")
    )
    serializer_class = GuidingQuestionSerializer
    filterset_class = GuidingQuestionFilter


class PolicyExampleViewSet(ReadOnlyViewSet):
    queryset = (
        PolicyExample.objects.published()
        .select_related("workshop", f"source_section__{PART_LINK}")
        .prefetch_related("countries", "topics", "organizations")
    )
    serializer_class = PolicyExampleSerializer
    lookup_field = "slug"
    filterset_class = PolicyExampleFilter


class DocumentViewSet(ReadOnlyViewSet):
    queryset = (
        Document.objects.published()
        .newest_first()
        .select_related("workshop", "speaker", PART_LINK)
        .annotate(
            speaker_is_public=Exists(Speaker.objects.published().filter(pk=OuterRef("speaker")))
        )
    )
    serializer_class = DocumentSerializer
    filterset_class = WorkshopContentFilter


class TopicViewSet(ReadOnlyViewSet):
    """The topics of published policy examples."""

    queryset = Topic.objects.published()
    serializer_class = TopicSerializer
    lookup_field = "slug"


class PublicationViewSet(ReadOnlyViewSet):
    """Published publications of published workshops, the newest workshop's first."""

    queryset = (
        Publication.objects.published()
        .select_related("workshop")
        .prefetch_related("parts", Prefetch("credits", queryset=credits_with_parts()))
        .order_by("-workshop__start_date", Shown("workshop__title"), "pk")
    )
    serializer_class = PublicationSerializer
    filterset_class = WorkshopContentFilter


class SectionViewSet(ReadOnlyViewSet):
    """The sections of published publications, each publication's part by part, in order."""

    queryset = (
        Section.objects.published()
        .select_related(PART_LINK)
        .prefetch_related("part__footnotes")
        .order_by(
            "-part__publication__workshop__start_date",
            "part__publication_id",
            "part__order",
            "order",
        )
    )
    serializer_class = SectionSerializer
    filterset_class = SectionFilter
