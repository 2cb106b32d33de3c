"""Site search: one box over workshops, sessions, speakers, organizations, questions and examples.

`search(text)` returns one group per kind of content, each with its first few matches and the
total number of matches, in one query per kind whatever the amount of data. How text matches
depends on the database: full-text search on PostgreSQL, every word as a substring elsewhere.

Like the lists, the search counts at most MAX_COUNT + 1 matches of each kind: a common word
matches tens of thousands of policy examples. On PostgreSQL each table has its text as a stored
tsvector column with a GIN index (migration workshops 0005): matching is an index lookup, and
the best matches are ranked, from the stored vectors, among those MAX_COUNT + 1.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Count, QuerySet, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idm.pagination import MAX_COUNT
from speakers.models import Organization, Speaker

from .filters import SEARCH_MAX_LENGTH, StoredVector, search_query, text_matches
from .models import GuidingQuestion, PolicyExample, Session, Workshop

RESULTS_PER_KIND = 10


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
    # The objects the search may find: built once (for some kinds, several subqueries), and
    # copied for each search.
    queryset: QuerySet
    # What a result shows of other tables (select_related).
    related: tuple[str, ...]
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
        Workshop.objects.published(),
        ("country",),
        ("title", "summary", "venue", "city"),
    ),
    Kind(
        "sessions",
        _("Sessions"),
        # Breaks have no page of their own.
        Session.objects.published().exclude(kind=Session.Kind.BREAK),
        ("workshop",),
        ("title", "description"),
    ),
    Kind(
        "speakers",
        _("Speakers"),
        Speaker.objects.published(),
        ("organization",),
        ("full_name", "position"),
        "speakers:speaker-list",
        _("See all matching speakers"),
    ),
    Kind(
        "organizations",
        _("Organizations"),
        Organization.objects.published(),
        ("country",),
        ("name", "acronym"),
        "speakers:organization-list",
        _("See all matching organizations"),
    ),
    Kind(
        "guiding_questions",
        _("Guiding questions"),
        GuidingQuestion.objects.published(),
        ("session__workshop",),
        ("text",),
        "workshops:guidingquestion-list",
        _("See all matching guiding questions"),
    ),
    Kind(
        "policy_examples",
        _("Policy examples"),
        PolicyExample.objects.published(),
        ("workshop",),
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


def ranked_matches(kind, text):
    """The first MAX_COUNT + 1 matches, with their number (`total`); best first on PostgreSQL.

    The matches are found among the published objects (a subquery of their ids); the results
    are then read by id, without testing again that each is published, which for some kinds
    takes several subqueries.
    """
    queryset = kind.queryset.all()
    matches = text_matches(queryset, kind.fields, text)
    if connection.vendor == "postgresql":
        # Ranked below: any MAX_COUNT + 1 matches will do, the first found. Elsewhere, the
        # first ones in the kind's order.
        matches = matches.order_by()
    matches = matches.values("pk")[: MAX_COUNT + 1]
    found = (
        queryset.model._default_manager.select_related(*kind.related)
        .filter(pk__in=matches)
        # COUNT(*) OVER (): the total rides along with each row, in the same query.
        .annotate(total=Window(Count("pk")))
    )
    if connection.vendor != "postgresql":
        return found
    return found.annotate(rank=SearchRank(StoredVector(), search_query(text))).order_by(
        "-rank", *queryset.model._meta.ordering
    )


def search(text, limit=RESULTS_PER_KIND):
    groups = []
    for kind in KINDS:
        results = list(ranked_matches(kind, text)[:limit])
        see_all_url = ""
        if kind.list_url_name:
            see_all_url = f"{reverse(kind.list_url_name)}?{urlencode({'q': text})}"
        groups.append(
            Group(kind, results, results[0].total if results else 0, see_all_url),
        )
    return groups
