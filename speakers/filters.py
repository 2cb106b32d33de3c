import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from workshops.filters import OptionsSelect, SearchFilter, published_workshops
from workshops.models import SessionSpeaker, Workshop

from .models import Country, Organization, Speaker


class SpeakerFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["full_name", "position"])
    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"),
        queryset=published_workshops,
        to_field_name="slug",
        method="noop",
        widget=OptionsSelect,
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=SessionSpeaker.Role.choices, method="noop", widget=OptionsSelect
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        widget=OptionsSelect,
        queryset=Organization.objects.filter(
            Exists(Speaker.objects.published().filter(organization=OuterRef("pk")))
        ),
        to_field_name="slug",
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        widget=OptionsSelect,
        queryset=Country.objects.filter(
            Exists(Speaker.objects.published().filter(country=OuterRef("pk")))
        ),
    )

    class Meta:
        model = Speaker
        fields = ["q", "workshop", "role", "organization", "country"]

    def noop(self, queryset, name, value: Workshop | str):
        return queryset

    def filter_queryset(self, queryset):
        """Workshop and role apply to one and the same participation."""
        queryset = super().filter_queryset(queryset)
        participation = {
            key: value
            for key, value in (
                ("session__workshop", self.form.cleaned_data.get("workshop")),
                ("role", self.form.cleaned_data.get("role")),
            )
            if value
        }
        if participation:
            queryset = queryset.filter(
                Exists(
                    SessionSpeaker.objects.published().filter(
                        speaker=OuterRef("pk"), **participation
                    )
                )
            )
        return queryset


class OrganizationFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["name", "acronym"])
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, widget=OptionsSelect
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        widget=OptionsSelect,
        queryset=Country.objects.filter(
            Exists(Organization.objects.published().filter(country=OuterRef("pk")))
        ),
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]
