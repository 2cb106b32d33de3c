"""Speakers and organizations in the read-only JSON API: only those linked to published content."""

from django.db.models import Prefetch
from rest_framework import serializers

from idm.api import LanguagesField, ReadOnlyViewSet, slugs

from .filters import OrganizationFilter, SpeakerFilter
from .models import Organization, Speaker, mark_public_parents, related_model
from .views import listed_participations


# Of a model with texts in each language: with `languages`, which its fields list. (No
# docstring: the API's schema would give it as the description of every such serializer.)
class TranslatedSerializer(serializers.ModelSerializer):
    languages = LanguagesField()


class OrganizationSummarySerializer(TranslatedSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "languages"]


class SpeakerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["slug", "full_name"]


class ParentSerializer(OrganizationSummarySerializer):
    slug = serializers.SerializerMethodField(
        help_text="null when the parent has no public content, hence no address of its own"
    )

    def get_slug(self, parent) -> str | None:
        return parent.slug if parent.is_public else None


class OrganizationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        organizations = list(data)
        mark_public_parents(organizations)
        return super().to_representation(organizations)


class OrganizationSerializer(TranslatedSerializer):
    parent = ParentSerializer(read_only=True, allow_null=True)
    website = serializers.URLField(source="website_link", read_only=True, allow_blank=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "kind", "country", "parent", "website", "languages"]
        list_serializer_class = OrganizationListSerializer

    def to_representation(self, instance):
        if instance.parent_id and not hasattr(instance.parent, "is_public"):
            mark_public_parents([instance])
        return super().to_representation(instance)


class SpeakerSerializer(TranslatedSerializer):
    organization = OrganizationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "full_name",
            "sort_name",
            "position",
            "organization",
            "country",
            "bio",
            "photo",
            "languages",
        ]


class ParticipationSerializer(TranslatedSerializer):
    """A session the speaker took part in, with the title and organization they had then."""

    workshop = slugs(source="session.workshop")
    organization = OrganizationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = related_model(Speaker, "participations")
        fields = ["workshop", "session", "role", "title", "organization", "languages"]


class SpeakerDetailSerializer(SpeakerSerializer):
    participations = ParticipationSerializer(
        source="public_participations", many=True, read_only=True
    )

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "participations"]


class SpeakerViewSet(ReadOnlyViewSet):
    lookup_field = "slug"
    filterset_class = SpeakerFilter

    def get_queryset(self):
        queryset = Speaker.objects.published().select_related("organization")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "participations",
                    queryset=listed_participations(
                        related_model(Speaker, "participations").objects.published()
                    ),
                    to_attr="public_participations",
                )
            )
        return queryset

    def get_serializer_class(self):
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer


class OrganizationViewSet(ReadOnlyViewSet):
    queryset = Organization.objects.published().select_related("parent")
    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    filterset_class = OrganizationFilter
