import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from workshops.filters import (
    OptionsSelect,
    OrganizationTextFilter,
    SearchFilter,
    country_filter,
    workshop_filter,
)
from workshops.models import SessionSpeaker

from .models import Country, Organization, Speaker


class SpeakerFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["full_name", "position"])
    # filter_queryset() filters; field_name tells the API's schema what the value is.
    workshop = workshop_filter(field_name="participations__session__workshop", method="noop")
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        empty_label=_("All roles"),
        choices=SessionSpeaker.Role.choices,
        method="noop",
        widget=OptionsSelect,
    )
    organization = OrganizationTextFilter(
        queryset=Organization.objects.filter(
            Exists(Speaker.objects.published().filter(organization=OuterRef("pk")))
        ),
    )
    country = country_filter(
        Country.objects.filter(Exists(Speaker.objects.published().filter(country=OuterRef("pk"))))
    )

    class Meta:
        model = Speaker
        fields = ["q", "workshop", "role", "organization", "country"]

    def noop(self, queryset, name, value):
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
        label=_("Kind"),
        empty_label=_("All kinds"),
        choices=Organization.Kind.choices,
        widget=OptionsSelect,
    )
    country = country_filter(
        Country.objects.filter(
            Exists(Organization.objects.published().filter(country=OuterRef("pk")))
        )
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]
