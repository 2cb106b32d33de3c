"""Site search: one box over workshops, sessions, speakers, organizations, questions, examples and
the sections of publications.

`search(text)` returns one group per kind of content, each with its first few matches and the
total number of matches, in two queries per kind whatever the amount of data. It searches each
model's `search_fields`, as the lists' `q` filter does. How text matches depends on the
database: full-text search on PostgreSQL, every word as a substring elsewhere.

Like the lists, the search counts at most MAX_COUNT + 1 matches of each kind: a common word
matches tens of thousands of policy examples. On PostgreSQL each table has its text in each
language as a stored tsvector column with a GIN index (migration workshops 0017; the sections'
rebuilt by 0019): matching is an index lookup in the page's language and in English, and the
best matches are ranked, from the stored vectors, among those MAX_COUNT + 1.

Each result shown comes with a snippet of its text where the words matched, highlighted: on
PostgreSQL `ts_headline`, asked in the query that reads the results shown (never for every
match); elsewhere an excerpt cut here around the first word found. The snippet is taken from
the texts as the page shows them, and marked as English when they all are.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchHeadline
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from idm.filters import (
    SEARCH_CONFIGS,
    SearchTextField,
    search_query,
    search_rank,
    text_matches,
)
from idm.languages import (
    ENGLISH,
    Shown,
    current_language,
    in_its_language,
    text_of,
    translated_fields,
)
from idm.markup import FOOTNOTE_REFERENCE
from idm.pagination import MAX_COUNT
from speakers.models import Organization, Speaker

from .models import GuidingQuestion, PolicyExample, Section, Session, Workshop

RESULTS_PER_KIND = 10
# About how many words a snippet shows.
SNIPPET_WORDS = 30
# Where PostgreSQL's headline marks a match: characters of Unicode's private use area, which
# no text of the site holds; the snippet is escaped, then they become <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
SEPARATOR = " — "


class SearchForm(forms.Form):
    q = SearchTextField(
        label=_("Search the site"),
        required=False,
        widget=forms.SearchInput,
        help_text=_(
            "Covers workshops, sessions, speakers, organizations, guiding questions, "
            "policy examples and the texts of publications."
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
    Kind(
        "sections",
        _("In publications"),
        # A section is found by its heading, its text and the notes it refers to.
        Section.objects.published(),
        ("part__publication__workshop",),
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
    model = kind.queryset.model
    shown = model._default_manager.select_related(*kind.related)
    if connection.vendor == "postgresql":
        ranked = matches.order_by().annotate(rank=search_rank(text))
        found = list(ranked.values_list("pk", "rank")[: MAX_COUNT + 1])
        found.sort(key=lambda match: (-match[1], match[0]))
        ids = [pk for pk, _rank in found]
        shown = shown.annotate(headline=headline(model, text))
    else:
        ids = list(matches.values_list("pk", flat=True)[: MAX_COUNT + 1])
    shown = shown.in_bulk(ids[:limit])
    results = [shown[pk] for pk in ids[:limit]]
    for result in results:
        result.snippet = snippet(result, text)
    return results, len(ids)


def headline(model, text):
    """PostgreSQL's snippet of the model's searched text, as the page's language shows it,
    where `text` matched."""
    language = current_language()
    translated = translated_fields(model)
    fields = []
    for field in model.search_fields:
        shown = Shown(field) if field in translated else F(field)
        fields += [Value(SEPARATOR), shown] if fields else [shown]
    document = Concat(*fields, output_field=TextField()) if len(fields) > 1 else fields[0]
    return SearchHeadline(
        document,
        search_query(text, language),
        config=SEARCH_CONFIGS[language],
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )


def snippet(result, text):
    """Where `text` matched in the result's searched text, a few words long, the words found
    marked: safe HTML."""
    if connection.vendor == "postgresql":
        marked = result.headline
    else:
        searched = SEPARATOR.join(
            str(value) for field in result.search_fields if (value := getattr(result, field))
        )
        marked = excerpt(searched, text.split())
    # The Markdown of long texts: their note references are no words.
    marked = FOOTNOTE_REFERENCE.sub("", marked)
    pieces = re.split(f"({MARK_START}.*?{MARK_END})", marked, flags=re.DOTALL)
    # Every piece of text is escaped.
    html = mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(
            f"<mark>{escape(piece[1:-1])}</mark>" if piece.startswith(MARK_START) else escape(piece)
            for piece in pieces
        )
    )
    return in_its_language(html, searched_language(result))


def searched_language(result):
    """The language of the result's searched texts as the page shows them: English when every
    one of them is (untranslated content's texts are English), else the page's."""
    translated = translated_fields(type(result))
    languages = {
        text_of(result, field).language
        for field in result.search_fields
        if field in translated and getattr(result, field)
    }
    return current_language() if current_language() in languages else ENGLISH


def excerpt(searched, words):
    """About SNIPPET_WORDS words of `searched` around where the most of `words` are found
    (substrings, in any case, as the search matches elsewhere than on PostgreSQL), every one
    marked as PostgreSQL's headline marks them."""
    tokens = searched.split()
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    found = [{match.casefold() for match in pattern.findall(token)} for token in tokens]

    def words_near(index):
        return len(set().union(*found[index : index + SNIPPET_WORDS // 2]))

    # The first place where the most of the words are found close together.
    first = max((index for index, words in enumerate(found) if words), key=words_near, default=0)
    start = max(0, first - SNIPPET_WORDS // 3)
    end = start + SNIPPET_WORDS
    shown = " ".join(tokens[start:end])
    shown = pattern.sub(lambda match: f"{MARK_START}{match[0]}{MARK_END}", shown)
    return ("… " if start else "") + shown + (" …" if end < len(tokens) else "")


def search(text):
    groups = []
    for kind in KINDS:
        results, count = best_matches(kind, text, RESULTS_PER_KIND)
        see_all_url = ""
        if kind.list_url_name:
            see_all_url = f"{reverse(kind.list_url_name)}?{urlencode({'q': text})}"
        groups.append(Group(kind, results, count, see_all_url))
    return groups
