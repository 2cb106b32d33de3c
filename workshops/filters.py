"""The filters of the list pages, which the API reuses.

Select boxes offer hundreds of workshops, countries and sessions: their options are read as
plain values in one query and written in Python (ValueChoiceField, OptionsSelect), as a model
instance and a template per option would cost tens of milliseconds a page; the list pages keep
them in the cache until the next edit (load_options). Organizations, a thousand of them, are
typed rather than picked (OrganizationTextFilter).
"""

import html
import logging

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, Expression, OuterRef, Q
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from idm import page_cache
from speakers.models import Country, Organization, country_name

from .models import DialogueYear, GuidingQuestion, PolicyExample, Session, Topic, Workshop

SEARCH_MAX_LENGTH = 200

logger = logging.getLogger(__name__)

# The content is written in English: stemming lets "remittance" find "remittances" and
# "migrants" find "migrant". Names still match, as the query goes through the same stemmer.
SEARCH_CONFIG = "english"


class StoredVector(Expression):
    """The `search_vector` column of the query's table (PostgreSQL only).

    Migration workshops 0005 adds it, with a GIN index, to each table that the site search
    covers: the fields of its Kind (workshops/search.py), which are also the `search_fields` of
    the table's list filter.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []


def search_query(text):
    """PostgreSQL: `text` in web search syntax ("quoted phrase", -excluded, or)."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def every_word(fields, text):
    """Each word of `text` must appear, in any case, in one of `fields`."""
    condition = Q()
    for word in text.split():
        condition &= Q.create([(f"{field}__icontains", word) for field in fields], Q.OR)
    return condition


def text_matches(queryset, fields, text):
    """The objects that `text` finds, for the site search and the lists' `q` alike.

    On PostgreSQL, full-text search on the table's stored vector, which holds `fields`: an
    index lookup, where matching substrings would read and upper-case the text of every row.
    Elsewhere (SQLite), every word as a substring of one of `fields`.
    """
    if connection.vendor == "postgresql":
        return queryset.alias(document=StoredVector()).filter(document=search_query(text))
    return queryset.filter(every_word(fields, text))


def options_html(choices, selected):
    """The <option>s (in <optgroup>s for grouped choices) that forms.Select writes."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            options = options_html(label, selected)
            parts.append(f'<optgroup label="{html.escape(str(value))}">{options}</optgroup>')
        else:
            mark = " selected" if str(value) in selected else ""
            value, label = html.escape(str(value)), html.escape(str(label))
            parts.append(f'<option value="{value}"{mark}>{label}</option>')
    return "".join(parts)


class OptionsSelect(forms.Select):
    """A select box that writes its options in Python, the same markup as forms.Select.

    The filters offer hundreds of workshops, countries and sessions: rendered with one template
    each, the options alone would take tens of milliseconds a page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        markup = f'<select name="{html.escape(name)}"{attrs}>{options_html(self.choices, selected)}'
        # Every name, value and label is escaped above; flatatt escapes the attributes.
        return mark_safe(f"{markup}</select>")  # noqa: S308  # nosec B308 B703


class ValueChoiceIterator(forms.models.ModelChoiceIterator):
    """The field's options, read once (ValueChoiceField.load_options)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.load_options()

    def __len__(self):
        return len(self.field.load_options()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.load_options())


class ValueChoiceField(ModelChoiceField):
    """A choice among the objects of a queryset, handled as plain values, not model instances.

    The options come from one values_list() query: the value (`to_field_name` or the primary
    key) and `option_fields`, which `labels` turns into the texts shown, all rows at once (by
    default the first field is the text); with `group_by`, consecutive options with the same
    value of that field go into one <optgroup>. Once they are loaded, as the list pages do
    before validating (load_options), a value is checked against them without a query of its
    own; otherwise (the API) with one. Either way the cleaned value is the object's primary
    key, all that a filter needs.
    """

    iterator = ValueChoiceIterator

    def __init__(self, queryset, *, option_fields, labels=None, group_by=None, **kwargs):
        self.option_fields = option_fields
        self.labels = labels or (lambda rows: [str(row[0]) for row in rows])
        self.group_by = group_by
        self.options = self.primary_keys = None
        super().__init__(queryset, **kwargs)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.options = result.primary_keys = None
        return result

    def load_options(self):
        if self.options is None:
            fields = ["pk", self.to_field_name or "pk", *self.option_fields]
            if self.group_by:
                fields.append(self.group_by)
            rows = list(self.queryset.values_list(*fields))
            end = 2 + len(self.option_fields)
            labels = self.labels([row[2:end] for row in rows])
            self.primary_keys = {str(row[1]): row[0] for row in rows}
            options = []
            for row, label in zip(rows, labels, strict=True):
                option = (str(row[1]), label)
                if not self.group_by:
                    options.append(option)
                elif options and options[-1][0] == row[-1]:
                    options[-1][1].append(option)
                else:
                    options.append((row[-1], [option]))
            self.options = options
        return self.options

    def to_python(self, value):
        if self.options is None:
            found = super().to_python(value)
            return None if found is None else found.pk
        if value in self.empty_values:
            return None
        try:
            return self.primary_keys[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ValueChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter with a ValueChoiceField and its select box (see the field)."""

    field_class = ValueChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", OptionsSelect)
        super().__init__(*args, **kwargs)


def load_options(filterset):
    """Reads the options of the filterset's select boxes before the form is validated.

    A list page shows every option anyway: validating against them then needs no query. They
    are the same for every visitor and every combination of filters, so they are kept in the
    cache under the content version (idm/page_cache.py) and the language: a researcher's new
    search then costs no option query, and the next edit brings new options. The querysets of
    the select boxes must therefore not depend on the request.
    """
    fields = {
        name: field
        for name, field in filterset.form.fields.items()
        if isinstance(field, ValueChoiceField)
    }
    cache = caches["default"]
    try:
        prefix = (
            f"idm:options:{settings.RELEASE}:{page_cache.content_version()}:"
            f"{translation.get_language()}:{type(filterset).__qualname__}:"
        )
        keys = {name: prefix + name for name in fields}
        kept = page_cache.cache_call(cache, "get_many", keys.values())
    except page_cache.CacheUnavailable as error:
        logger.warning("Filter options read without the cache: %s", error)
        keys, kept = {}, {}
    loaded = {}
    for name, field in fields.items():
        key = keys.get(name)
        if key in kept:
            field.options, field.primary_keys = kept[key]
        elif key:
            loaded[key] = (field.load_options(), field.primary_keys)
        # Without the cache, the select box reads its options when the form needs them.
    if loaded:
        try:
            page_cache.cache_call(cache, "set_many", loaded)
        except page_cache.CacheUnavailable as error:
            logger.warning("Filter options not kept in the cache: %s", error)


class OrganizationField(forms.CharField):
    """An organization of `queryset`, typed: there are a thousand, too many for a select box.

    The text is a slug, as links and the API give it, or words of a name or an acronym, as
    people type them. It selects the organization with that slug, else those whose acronym it
    is, else every one whose name or acronym holds each word; cleaned to their primary keys.
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
        found = self.queryset.filter(Q(slug=text) | every_word(["name", "acronym"], text))
        rows = list(found.values_list("pk", "slug", "acronym"))
        chosen = (
            [pk for pk, slug, _acronym in rows if slug == text]
            or [pk for pk, _slug, acronym in rows if acronym.casefold() == text.casefold()]
            or [pk for pk, _slug, _acronym in rows]
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


class SearchFilter(django_filters.CharFilter):
    """Free text over a few fields, matched as the site search matches it (text_matches)."""

    def __init__(self, *args, search_fields, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, queryset, value):
        return text_matches(queryset, self.search_fields, value) if value else queryset


def country_names_of(rows):
    """The names of (code, stored name) rows in the current language, looked up once."""
    language = translation.get_language()
    return [country_name(code, name, language) for code, name in rows]


def session_titles(rows):
    """The titles of (number, title) rows as Session.full_title writes them.

    A thousand sessions: each number's label ("Session II", translated) is worked out once.
    """
    numbers = {number: Session(number=number).number_label for number in {row[0] for row in rows}}
    colon = translation.gettext(":")
    return [f"{numbers[number]}{colon} {title}" if number else title for number, title in rows]


def published_workshops(request):
    return Workshop.objects.published()


def workshop_filter(**kwargs):
    return ValueChoiceFilter(
        label=_("Workshop"),
        empty_label=_("All workshops"),
        queryset=published_workshops,
        to_field_name="slug",
        option_fields=["title"],
        **kwargs,
    )


def country_filter(queryset, **kwargs):
    return ValueChoiceFilter(
        label=_("Country"),
        empty_label=_("All countries"),
        queryset=queryset,
        option_fields=["code", "name"],
        labels=country_names_of,
        **kwargs,
    )


class PolicyExampleFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["title", "summary"])
    country = country_filter(
        Country.objects.filter(
            Exists(PolicyExample.objects.published().filter(countries=OuterRef("pk")))
        ),
        # The model field, for the API's schema; the method filters.
        field_name="countries",
        method="filter_country",
    )
    topic = ValueChoiceFilter(
        label=_("Topic"),
        empty_label=_("All topics"),
        queryset=Topic.objects.filter(
            Exists(PolicyExample.objects.published().filter(topics=OuterRef("pk")))
        ),
        to_field_name="slug",
        option_fields=["name"],
        field_name="topics",
        method="filter_topic",
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
        queryset=DialogueYear.objects.filter(
            Exists(Workshop.objects.published().filter(dialogue_year=OuterRef("pk")))
        ),
        to_field_name="year",
        option_fields=["year", "theme"],
        labels=lambda rows: [str(DialogueYear(year=year, theme=theme)) for year, theme in rows],
        field_name="workshop__dialogue_year",
    )
    workshop = workshop_filter()
    organization = OrganizationTextFilter(
        queryset=Organization.objects.filter(
            Exists(PolicyExample.objects.published().filter(organizations=OuterRef("pk")))
        ),
        method="filter_organization",
    )

    class Meta:
        model = PolicyExample
        fields = ["q", "country", "topic", "scope", "year", "workshop", "organization"]

    # The filters below test the link table alone, by its (other id, example id) index
    # (migration workshops 0006), rather than join the country, topic or organization.

    def filter_country(self, queryset, name, code):
        through = PolicyExample.countries.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), country=code))
        )

    def filter_topic(self, queryset, name, pk):
        through = PolicyExample.topics.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), topic=pk))
        )

    def filter_organization(self, queryset, name, pks):
        through = PolicyExample.organizations.through
        return queryset.filter(
            Exists(through.objects.filter(policyexample=OuterRef("pk"), organization__in=pks))
        )


class GuidingQuestionFilter(django_filters.FilterSet):
    q = SearchFilter(search_fields=["text"])
    workshop = workshop_filter(field_name="session__workshop")
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

    workshop = workshop_filter()
