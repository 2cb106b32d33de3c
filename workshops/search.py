"""Site search: one box over workshops, sessions, speakers, organizations, questions and examples.

`search(text)` returns one group per kind of content, each with its first few matches and the
total number of matches, in two queries per kind whatever the amount of data. It searches each
model's `search_fields`, as the lists' `q` filter does. How text matches depends on the
database: full-text search on PostgreSQL, every word as a substring elsewhere.

Like the lists, the search counts at most MAX_COUNT + 1 matches of each kind: a common word
matches tens of thousands of policy examples. On PostgreSQL each table has its text in each
language as a stored tsvector column with a GIN index (migration workshops 0013): matching is an
index lookup in the page's language and in English, and the best matches are ranked, from the
stored vectors, among those MAX_COUNT + 1.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idm.filters import SEARCH_MAX_LENGTH, search_rank, text_matches
from idm.pagination import MAX_COUNT
from speakers.models import Organization, Speaker

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
    # A list page whose `q` filter searches the same fields, for "see all".
    list_url_name: str = ""
    see_all_label: str = ""


KINDS = [
    Kind(
        "workshops",
        _("Workshops"),
        Workshop.objects.published(),
        ("country",),
    ),
    Kind(
        "sessions",
        _("Sessions"),
        # The newest workshop first, each one's agenda by date and time.
        Session.objects.published().with_a_page().newest_first(),
        ("workshop",),
    ),
    Kind(
        "speakers",
        _("Speakers"),
        Speaker.objects.published(),
        ("organization",),
        "speakers:speaker-list",
        _("See all matching speakers"),
    ),
    Kind(
        "organizations",
        _("Organizations"),
        Organization.objects.published(),
        ("country",),
        "speakers:organization-list",
        _("See all matching organizations"),
    ),
    Kind(
        "guiding_questions",
        _("Guiding questions"),
        # As the list of questions that "see all" leads to.
        GuidingQuestion.objects.published().newest_first(),
        ("session__workshop",),
        "workshops:guidingquestion-list",
        _("See all matching guiding questions"),
    ),
    Kind(
        "policy_examples",
        _("Policy examples"),
        PolicyExample.objects.published(),
        ("workshop",),
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


def best_matches(kind, text, limit):
    """The kind's `limit` best matches, and how many there are (at most MAX_COUNT + 1).

    Two queries. The first finds the ids of MAX_COUNT + 1 matches among the published objects:
    on PostgreSQL any of them, the first found, each with its rank from the stored vector, and
    the best `limit` are picked here (ties by id); elsewhere the first in the kind's order.
    The second reads those `limit` by id, with what a result shows of other tables. Joining
    only the results shown, not every match, is what keeps a common word cheap.
    """
    matches = text_matches(kind.queryset.all(), text)
    if connection.vendor == "postgresql":
        rank = search_rank(text)
        found = list(
            matches.order_by().annotate(rank=rank).values_list("pk", "rank")[: MAX_COUNT + 1]
        )
        found.sort(key=lambda match: (-match[1], match[0]))
        ids = [pk for pk, _rank in found]
    else:
        ids = list(matches.values_list("pk", flat=True)[: MAX_COUNT + 1])
    shown = kind.queryset.model._default_manager.select_related(*kind.related).in_bulk(ids[:limit])
    return [shown[pk] for pk in ids[:limit]], len(ids)


def search(text, limit=RESULTS_PER_KIND):
    groups = []
    for kind in KINDS:
        results, count = best_matches(kind, text, limit)
        see_all_url = ""
        if kind.list_url_name:
            see_all_url = f"{reverse(kind.list_url_name)}?{urlencode({'q': text})}"
        groups.append(Group(kind, results, count, see_all_url))
    return groups
