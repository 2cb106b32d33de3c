"""Site search: one box over workshops, sessions, speakers, organizations, questions and examples.

`search(text)` returns one group per kind of content, each with its first few matches and the
total number of matches, in one query per kind whatever the amount of data. How text matches
depends on the database: full-text search on PostgreSQL, every word as a substring elsewhere.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    # The most telling field first: it weighs more in the PostgreSQL ranking.
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


def full_text_matches(queryset, fields, text):
    """PostgreSQL: websearch syntax ("quoted phrase", -excluded, or), best matches first."""
    vector = SearchVector(fields[0], weight="A", config=SEARCH_CONFIG)
    for field in fields[1:]:
        vector += SearchVector(field, weight="B", config=SEARCH_CONFIG)
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", *queryset.model._meta.ordering)
    )


def search(text, limit=RESULTS_PER_KIND):
    # Elsewhere (SQLite), the list pages' own matching: "see all" then shows the same objects.
    matches = full_text_matches if connection.vendor == "postgresql" else every_word_matches
    groups = []
    for kind in KINDS:
        # The total rides along with each row (COUNT(*) OVER ()): one query per kind.
        queryset = matches(kind.queryset(), kind.fields, text).annotate(total=Window(Count("pk")))
        results = list(queryset[:limit])
        see_all_url = ""
        if kind.list_url_name:
            see_all_url = f"{reverse(kind.list_url_name)}?{urlencode({'q': text})}"
        groups.append(
            Group(kind, results, results[0].total if results else 0, see_all_url),
        )
    return groups
