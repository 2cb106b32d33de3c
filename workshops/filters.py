"""The filters of the workshops' list pages, which the API reuses (the pieces: idm/filters.py)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from idm.filters import OptionsSelect, SearchFilter, ValueChoiceFilter, workshop_filter
from idm.languages import Text
from speakers.filters import OrganizationTextFilter, country_filter, published_workshops
from speakers.models import Organization

from .models import (
    DialogueYear,
    GuidingQuestion,
    PolicyExample,
    Publication,
    PublicationPart,
    Section,
    Session,
    Topic,
)


def session_titles(rows):
    """The titles of (number, title) rows as Session.full_title writes them, each label in its
    title's language: an option is in one language, so an English title on a French page is
    "Session II: …" in English.

    Each label ("Session II: ", translated) is worked out once a language, not once per session.
    Kept: it saves over two fifths of the guiding questions list's time (README: Performance).
    """
    labels = {}
    for number, title in rows:
        if number and (number, title.language) not in labels:
            with translation.override(title.language):
                colon = translation.gettext(":")
                labels[number, title.language] = f"{Session(number=number).number_label}{colon} "
    return [
        Text(labels[number, title.language] + title, title.language) if number else title
        for number, title in rows
    ]


def year_labels(rows):
    """The years of (year, theme) rows as DialogueYear writes them ("2007: theme"), each in
    its theme's language (see session_titles)."""
    labels = []
    for year, theme in rows:
        if not theme:
            labels.append(str(year))
            continue
        with translation.override(theme.language):
            labels.append(Text(str(DialogueYear(year=year, theme=theme)), theme.language))
    return labels


def linked(relation, lookup):
    """A filter method: the examples with a link to the value asked for (by `lookup`) in the
    link table of `relation`, tested there alone, by its (other id, example id) index
    (migration workshops 0006), rather than by a join."""
    through = getattr(PolicyExample, relation).through

    def filter_linked(examples, name, value):
        links = through.objects.filter(policyexample=OuterRef("pk"), **{lookup: value})
        return examples.filter(Exists(links))

    return filter_linked


class PolicyExampleFilter(django_filters.FilterSet):
    q = SearchFilter()
    # The model field names the value for the API's schema; the method filters.
    country = country_filter(
        PolicyExample.objects.published(), "countries", method=linked("countries", "country")
    )
    topic = ValueChoiceFilter(
        label=_("Topic"),
        empty_label=_("All topics"),
        queryset=Topic.objects.published(),
        to_field_name="slug",
        option_fields=["name"],
        field_name="topics",
        method=linked("topics", "topic"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        empty_label=_("All scopes"),
        choices=PolicyExample.Scope.choices,
        widget=OptionsSelect,
    )
    year = ValueChoiceFilter(
        label=_("Year"),
        empty_label=_("All years"),
        queryset=DialogueYear.objects.published(),
        to_field_name="year",
        option_fields=["year", "theme"],
        labels=year_labels,
        field_name="workshop__dialogue_year",
    )
    workshop = workshop_filter(published_workshops)
    organization = OrganizationTextFilter(
        queryset=Organization.objects.filter(
            Exists(PolicyExample.objects.published().filter(organizations=OuterRef("pk")))
        ),
        method=linked("organizations", "organization__in"),
    )

    class Meta:
        model = PolicyExample
        fields = ["q", "country", "topic", "scope", "year", "workshop", "organization"]


class GuidingQuestionFilter(django_filters.FilterSet):
    q = SearchFilter()
    workshop = workshop_filter(published_workshops, field_name="session__workshop")
    session = ValueChoiceFilter(
        label=_("Session"),
        empty_label=_("All sessions"),
        queryset=Session.objects.published().filter(
            Exists(GuidingQuestion.objects.filter(session=OuterRef("pk")))
        ),
        option_fields=["number", "title"],
        labels=session_titles,
        # A thousand sessions, many of the same title: each under its workshop.
        group_by="workshop__title",
    )

    class Meta:
        model = GuidingQuestion
        fields = ["q", "workshop", "session"]


class WorkshopContentFilter(django_filters.FilterSet):
    """The sessions or documents of one workshop (used by the API)."""

    workshop = workshop_filter(published_workshops)


class SectionFilter(django_filters.FilterSet):
    """The sections of one workshop's publications, of one publication, of one kind of text
    (used by the API)."""

    workshop = workshop_filter(published_workshops, field_name="part__publication__workshop")
    publication = ValueChoiceFilter(
        label=_("Publication"),
        queryset=Publication.objects.published(),
        option_fields=["title"],
        field_name="part__publication",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PublicationPart.Kind.choices, field_name="part__kind"
    )

    class Meta:
        model = Section
        fields = ["workshop", "publication", "kind"]
