"""Filter pieces that the list pages and the API of both apps share.

Select boxes offer hundreds of workshops, countries and sessions: their options are read as
plain values in one query and written in Python (ValueChoiceField, OptionsSelect), rather than
as a model instance and a template per option; the list pages keep them in the cache until the
next edit (load_options). Free text is cut to the words that matter (SearchTextField) and
matches as the site search matches it (text_matches), in the page's language and in English.
"""

import html
import logging

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Expression, Q
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from idm import page_cache
from idm.languages import (
    alphabetical,
    as_named,
    columns,
    lang_attribute,
    shown_languages,
    values_of,
)

SEARCH_MAX_LENGTH = 200
# A search uses at most this many words: a pasted title is rarely longer, and each word is one
# more condition over every searched table (on SQLite one more substring test of each row).
SEARCH_MAX_WORDS = 10

logger = logging.getLogger(__name__)

# Each language's text-search configuration: stemming lets "remittance" find "remittances",
# "travailleurs" find "travailleur". Names still match, as the query goes through the same
# stemmer.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


class StoredVector(Expression):
    """The `search_vector_<language>` column of the query's table (PostgreSQL only): the texts
    in that language.

    Migration workshops 0017 adds them, with GIN indexes, to each table that the site search
    covers: the model's `search_fields` (tests/test_search_fields.py checks that they agree).
    """

    output_field = SearchVectorField()

    def __init__(self, language):
        super().__init__()
        self.language = language

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector_{self.language}", []


def search_words(text):
    """The words of `text` that a search uses, as a text: each once (in any case), none of
    a single character, at most SEARCH_MAX_WORDS of them, in the order typed."""
    words = {}
    for word in text.split():
        if len(word) > 1:
            words.setdefault(word.casefold(), word)
    return " ".join(list(words.values())[:SEARCH_MAX_WORDS])


class SearchTextField(forms.CharField):
    """A search box: at most SEARCH_MAX_LENGTH characters, cleaned to its search_words.

    The site search and the lists' `q` (pages and API) read it: whatever is typed, a search
    costs no more than ten words do.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value):
        return search_words(super().clean(value))


def search_query(text, language):
    """PostgreSQL: `text` in web search syntax ("quoted phrase", -excluded, or), as words of
    `language`."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIGS[language])


def search_rank(text):
    """PostgreSQL: how well `text` matches, in the languages that the search reads."""
    ranks = [
        SearchRank(StoredVector(language), search_query(text, language))
        for language in shown_languages()
    ]
    return sum(ranks[1:], ranks[0])


def every_word(fields, text):
    """Each word of `text` must appear, in any case, in one of `fields`."""
    condition = Q()
    for word in text.split():
        condition &= Q.create([(f"{field}__icontains", word) for field in fields], Q.OR)
    return condition


def text_matches(queryset, text):
    """The objects that `text` finds, for the site search and the lists' `q` alike.

    What it searches is the model's `search_fields`, the most telling first (it weighs more in
    PostgreSQL's ranking), in the page's language and in English. On PostgreSQL, full-text
    search on the table's stored vector of each (migration workshops 0017), with that
    language's stemming: index lookups, where matching substrings would read and upper-case
    the text of every row. Elsewhere (SQLite), every word as a substring of one of them.
    """
    if connection.vendor == "postgresql":
        matches = Q()
        for language in shown_languages():
            queryset = queryset.alias(**{f"document_{language}": StoredVector(language)})
            matches |= Q(**{f"document_{language}": search_query(text, language)})
        return queryset.filter(matches)
    model = queryset.model
    searched = [name for field in model.search_fields for name in columns(model, field)]
    return queryset.filter(every_word(searched, text))


def options_html(choices, selected, language=None):
    """The <option>s (in <optgroup>s for grouped choices) that forms.Select writes; those whose
    text is in another language than what holds them (`language`, by default the page's) say
    which (idm.languages.Text)."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            lang = lang_attribute(value, language)
            options = options_html(label, selected, getattr(value, "language", language))
            group = html.escape(str(value))
            parts.append(f'<optgroup label="{group}"{lang}>{options}</optgroup>')
        else:
            mark = " selected" if str(value) in selected else ""
            lang = lang_attribute(label, language)
            value, label = html.escape(str(value)), html.escape(str(label))
            parts.append(f'<option value="{value}"{mark}{lang}>{label}</option>')
    return "".join(parts)


class OptionsSelect(forms.Select):
    """A select box that writes its options in Python, the same markup as forms.Select.

    Kept: it saves over half of the guiding questions list's time (README: Performance).
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
    value of that field go into one <optgroup>. A translated field (`option_fields` or
    `group_by`) comes as a Text in the page's language, else in English. Once they are
    loaded, as the list pages do before validating (load_options), a value is checked against
    them without a query of its own; otherwise (the API) with one. Either way the cleaned value
    is the object's primary key, all that a filter needs.
    Kept: it saves over a fifth of the guiding questions list's time (README: Performance).
    """

    iterator = ValueChoiceIterator
    widget = OptionsSelect

    def __init__(
        self, queryset, *, option_fields, labels=None, group_by=None, by_label=False, **kwargs
    ):
        self.option_fields = option_fields
        # By default the first field, as it comes: a Text keeps its language.
        self.labels = labels or (
            lambda rows: [row[0] if isinstance(row[0], str) else str(row[0]) for row in rows]
        )
        self.group_by = group_by
        # Options sorted by their text as shown, not by the queryset's order (by_label).
        self.by_label = by_label
        self.options = self.primary_keys = None
        super().__init__(queryset, **kwargs)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.options = result.primary_keys = None
        return result

    def load_options(self):
        if self.options is None:
            fields = [*self.option_fields, *([self.group_by] if self.group_by else [])]
            model = self.queryset.model
            read = [columns(model, field) for field in fields]
            found = as_named(self.queryset).values_list(
                "pk", self.to_field_name or "pk", *(name for names in read for name in names)
            )
            rows = [row[:2] + values_of(model, fields, read, row[2:]) for row in found]
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
            if self.by_label:
                options.sort(key=lambda option: alphabetical(option[1]))
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
        # Without the cache, each select box reads its options when the form needs them.
        logger.warning("Filter options read without the cache: %s", error)
        return
    loaded = {}
    for name, field in fields.items():
        if keys[name] in kept:
            field.options, field.primary_keys = kept[keys[name]]
        else:
            loaded[keys[name]] = (field.load_options(), field.primary_keys)
    if loaded:
        try:
            page_cache.cache_call(cache, "set_many", loaded)
        except page_cache.CacheUnavailable as error:
            logger.warning("Filter options not kept in the cache: %s", error)


def workshop_filter(published_workshops, **kwargs):
    """A box of the workshops that `published_workshops(request)` gives, chosen by slug."""
    return ValueChoiceFilter(
        label=_("Workshop"),
        empty_label=_("All workshops"),
        queryset=published_workshops,
        to_field_name="slug",
        option_fields=["title"],
        **kwargs,
    )


class SearchFilter(django_filters.CharFilter):
    """Free text over the model's `search_fields`, matched as the site search matches it
    (text_matches)."""

    field_class = SearchTextField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return text_matches(queryset, value) if value else queryset
