"""Site search: one box over workshops, sessions, speakers, organizations, questions and examples.

`search(text)` returns one group per kind of content, each with its first few matches and the
total number of matches, in one query per kind whatever the amount of data. How text matches
depends on the database: full-text search on PostgreSQL, every word as a substring elsewhere.

Like the lists, the search counts at most MAX_COUNT + 1 matches of each kind: a common word
matches tens of thousands of policy examples. On PostgreSQL each table has its text as a stored
tsvector column with a GIN index (migration workshops 0005): matching is an index lookup, and
the best matches are ranked, from the stored vectors, among those MAX_COUNT + 1.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, Expression, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idm.pagination import MAX_COUNT
from speakers.models import Organization, Speaker

from .filters import SEARCH_MAX_LENGTH, every_word_matches
from .models import GuidingQuestion, PolicyExample, Session, Workshop

RESULTS_PER_KIND = 10

# The content is written in English: stemming lets "remittance" find "remittances" and
# "migrants" find "migrant". Names still match, as the query goes through the same stemmer.
SEARCH_CONFIG = "english"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        widget=forms.SearchInput,
        help_text=_(
            "Covers workshops, sessions, speakers, organizations, guiding questions "
            "and policy examples."
        ),
    )


@dataclass(frozen=True)
class Kind:
    """A kind of content the search covers and where its matches can be browsed in full."""

    key: str
    label: str
    queryset: Callable
    # The most telling field first: it weighs more in the PostgreSQL ranking. On PostgreSQL
    # the search_vector column holds these fields (migration workshops 0005 lists them).
    fields: tuple[str, ...]
    # A list page whose `q` filter searches the same fields, for "see all".
    list_url_name: str = ""
    see_all_label: str = ""


KINDS = [
    Kind(
        "workshops",
        _("Workshops"),
        lambda: Workshop.objects.published().select_related("country"),
        ("title", "summary", "venue", "city"),
    ),
    Kind(
        "sessions",
        _("Sessions"),
        # Breaks have no page of their own.
        lambda: (
            Session.objects.published().exclude(kind=Session.Kind.BREAK).select_related("workshop")
        ),
        ("title", "description"),
    ),
    Kind(
        "speakers",
        _("Speakers"),
        lambda: Speaker.objects.published().select_related("organization"),
        ("full_name", "position"),
        "speakers:speaker-list",
        _("See all matching speakers"),
    ),
    Kind(
        "organizations",
        _("Organizations"),
        lambda: Organization.objects.published().select_related("country"),
        ("name", "acronym"),
        "speakers:organization-list",
        _("See all matching organizations"),
    ),
    Kind(
        "guiding_questions",
        _("Guiding questions"),
        lambda: GuidingQuestion.objects.published().select_related("session__workshop"),
        ("text",),
        "workshops:guidingquestion-list",
        _("See all matching guiding questions"),
    ),
    Kind(
        "policy_examples",
        _("Policy examples"),
        lambda: PolicyExample.objects.published().select_related("workshop"),
        ("title", "summary"),
        "workshops:policyexample-list",
        _("See all matching policy examples"),
    ),
]


@dataclass(frozen=True)
class Group:
    kind: Kind
    results: list
    count: int
    see_all_url: str

    @property
    def key(self):
        return self.kind.key

    @property
    def label(self):
        return self.kind.label

    @property
    def has_more(self):
        return self.count > len(self.results)

    @property
    def is_bounded(self):
        return self.count > MAX_COUNT

    @property
    def count_label(self):
        return f"{MAX_COUNT}+" if self.is_bounded else str(self.count)


class StoredVector(Expression):
    """The `search_vector` column of the query's table (PostgreSQL only, see the module doc)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []


def full_text_matches(queryset, text):
    """PostgreSQL: websearch syntax ("quoted phrase", -excluded, or), best matches first."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    matches = queryset.alias(document=StoredVector()).filter(document=query)
    return (
        queryset.filter(pk__in=matches.order_by().values("pk")[: MAX_COUNT + 1])
        .annotate(rank=SearchRank(StoredVector(), query), total=Window(Count("pk")))
        .order_by("-rank", *queryset.model._meta.ordering)
    )


def substring_matches(queryset, fields, text):
    """Elsewhere (SQLite), the list pages' own matching: "see all" then shows the same objects."""
    matches = every_word_matches(queryset, fields, text)
    return queryset.filter(pk__in=matches.values("pk")[: MAX_COUNT + 1]).annotate(
        total=Window(Count("pk"))
    )


def search(text, limit=RESULTS_PER_KIND):
    groups = []
    for kind in KINDS:
        # The total (of the MAX_COUNT + 1 first matches) rides along with each row (COUNT(*)
        # OVER ()): one query per kind.
        if connection.vendor == "postgresql":
            queryset = full_text_matches(kind.queryset(), text)
        else:
            queryset = substring_matches(kind.queryset(), kind.fields, text)
        results = list(queryset[:limit])
        see_all_url = ""
        if kind.list_url_name:
            see_all_url = f"{reverse(kind.list_url_name)}?{urlencode({'q': text})}"
        groups.append(
            Group(kind, results, results[0].total if results else 0, see_all_url),
        )
    return groups
