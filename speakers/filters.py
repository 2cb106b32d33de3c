"""The filters of the people and organization lists, which the API reuses, and the pieces of
them that the workshops' filters use too (an organization typed, a country or workshop picked)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from idm.filters import (
    SEARCH_MAX_LENGTH,
    OptionsSelect,
    SearchFilter,
    ValueChoiceFilter,
    every_word,
    workshop_filter,
)
from idm.languages import CONTENT_LANGUAGES, column

from .models import Country, Organization, Speaker, country_name, related_model


class OrganizationField(forms.CharField):
    """An organization of `queryset`, typed: there are a thousand, too many for a select box.

    The text is a slug, as links and the API give it, or words of a name or an acronym (in
    any language), as people type them. It selects the organization with that slug, else those
    whose acronym it is, else every one whose name or acronym holds each word; cleaned to their
    primary keys.
    """

    default_error_messages = {"invalid_choice": _("No organization matches “%(value)s”.")}

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)
        self.queryset = queryset

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        names, acronyms = (
            [column(field, language) for language in CONTENT_LANGUAGES]
            for field in ("name", "acronym")
        )
        found = self.queryset.filter(Q(slug=text) | every_word([*names, *acronyms], text))
        rows = list(found.values_list("pk", "slug", *acronyms))
        chosen = (
            [pk for pk, slug, *_acronyms in rows if slug == text]
            or [
                pk
                for pk, _slug, *acronyms in rows
                if text.casefold() in {(acronym or "").casefold() for acronym in acronyms}
            ]
            or [pk for pk, *_rest in rows]
        )
        if not chosen:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        return chosen


class OrganizationTextFilter(django_filters.CharFilter):
    """Objects linked to the organizations that the text names (see OrganizationField)."""

    field_class = OrganizationField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Organization"))
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


def country_names_of(rows):
    """The names of (code, stored name) rows in the current language, looked up once."""
    language = translation.get_language()
    return [country_name(code, name, language) for code, name in rows]


def country_filter(published, field, **kwargs):
    """A box of the countries that `field` of the `published` objects names."""
    return ValueChoiceFilter(
        label=_("Country"),
        empty_label=_("All countries"),
        queryset=Country.objects.filter(Exists(published.filter(**{field: OuterRef("pk")}))),
        field_name=field,
        option_fields=["code", "name"],
        labels=country_names_of,
        # Names differ by language: in French, Allemagne comes first, Équateur among the E's.
        by_label=True,
        **kwargs,
    )


def published_workshops(request):
    """What the workshop box offers: the workshops app's published workshops."""
    return related_model(Speaker, "participations__session__workshop").objects.published()


class SpeakerFilter(django_filters.FilterSet):
    q = SearchFilter()
    # filter_queryset() filters; field_name tells the API's schema what the value is.
    workshop = workshop_filter(
        published_workshops, field_name="participations__session__workshop", method="noop"
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        empty_label=_("All roles"),
        choices=related_model(Speaker, "participations").Role.choices,
        method="noop",
        widget=OptionsSelect,
    )
    organization = OrganizationTextFilter(
        queryset=Organization.objects.filter(
            Exists(Speaker.objects.published().filter(organization=OuterRef("pk")))
        ),
    )
    country = country_filter(Speaker.objects.published(), "country")

    class Meta:
        model = Speaker
        fields = ["q", "workshop", "role", "organization", "country"]

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        """Workshop and role apply to one and the same participation."""
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data
        asked = {"session__workshop": chosen.get("workshop"), "role": chosen.get("role")}
        participation = {lookup: value for lookup, value in asked.items() if value}
        if participation:
            queryset = queryset.filter(
                Exists(
                    related_model(Speaker, "participations")
                    .objects.published()
                    .filter(speaker=OuterRef("pk"), **participation)
                )
            )
        return queryset


class OrganizationFilter(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        empty_label=_("All kinds"),
        choices=Organization.Kind.choices,
        widget=OptionsSelect,
    )
    country = country_filter(Organization.objects.published(), "country")

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]
