import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from speakers.models import Country, Organization

from .models import DialogueYear, GuidingQuestion, PolicyExample, Session, Topic, Workshop

SEARCH_MAX_LENGTH = 200


def every_word_matches(queryset, fields, text):
    """Each word of `text` must appear, in any case, in one of `fields`."""
    for word in text.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class OptionsSelect(forms.Select):
    """A select box that writes its options in Python, the same markup as forms.Select.

    The filters offer hundreds of organizations, workshops and countries: rendered with one
    template each, the options alone would take tens of milliseconds a page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


class SearchFilter(django_filters.CharFilter):
    """Free text over a few fields; every word must match one of them."""

    def __init__(self, *args, search_fields, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, queryset, value):
        return every_word_matches(queryset, self.search_fields, value)


def published_workshops(request):
    return Workshop.objects.published()


class PolicyExampleFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["title", "summary"])
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        widget=OptionsSelect,
        queryset=Country.objects.filter(
            Exists(PolicyExample.objects.published().filter(countries=OuterRef("pk")))
        ),
        method="filter_country",
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        widget=OptionsSelect,
        queryset=Topic.objects.filter(
            Exists(PolicyExample.objects.published().filter(topics=OuterRef("pk")))
        ),
        to_field_name="slug",
        method="filter_topic",
    )
    scope = django_filters.ChoiceFilter(
        label=_("Scope"), choices=PolicyExample.Scope.choices, widget=OptionsSelect
    )
    year = django_filters.ModelChoiceFilter(
        label=_("Year"),
        widget=OptionsSelect,
        queryset=DialogueYear.objects.filter(
            Exists(Workshop.objects.published().filter(dialogue_year=OuterRef("pk")))
        ),
        to_field_name="year",
        field_name="workshop__dialogue_year",
    )
    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"),
        queryset=published_workshops,
        to_field_name="slug",
        widget=OptionsSelect,
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        widget=OptionsSelect,
        queryset=Organization.objects.filter(
            Exists(PolicyExample.objects.published().filter(organizations=OuterRef("pk")))
        ),
        to_field_name="slug",
        method="filter_organization",
    )

    class Meta:
        model = PolicyExample
        fields = ["q", "country", "topic", "scope", "year", "workshop", "organization"]

    def filter_country(self, queryset, name, value: Country):
        through = PolicyExample.countries.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), country=value))
        )

    def filter_topic(self, queryset, name, value: Topic):
        through = PolicyExample.topics.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), topic=value))
        )

    def filter_organization(self, queryset, name, value: Organization):
        through = PolicyExample.organizations.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), organization=value))
        )


class GuidingQuestionFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["text"])
    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"),
        queryset=published_workshops,
        to_field_name="slug",
        field_name="session__workshop",
        widget=OptionsSelect,
    )
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        widget=OptionsSelect,
        queryset=Session.objects.published().filter(
            Exists(GuidingQuestion.objects.filter(session=OuterRef("pk")))
        ),
    )

    class Meta:
        model = GuidingQuestion
        fields = ["q", "workshop", "session"]


class WorkshopContentFilter(django_filters.FilterSet):
    """The sessions or documents of one workshop (used by the API)."""

    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"), queryset=published_workshops, to_field_name="slug"
    )
