import binascii
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass

from django.core.exceptions import ValidationError as FieldValueError
from django.core.paginator import Paginator
from django.db.models import F, OrderBy, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

# The values of a list's order's columns, annotated on its objects (see keyed).
POSITION = "cursor_position_{}"


def order_term(term):
    """(expression, descending) of one term of an ordering: a field name ("-start_date",
    "workshop__title"), an expression (idm.languages.Shown), or one with its direction."""
    if isinstance(term, str):
        return F(term.removeprefix("-")), term.startswith("-")
    if isinstance(term, OrderBy):
        return term.expression, term.descending
    return term, False


def keyed(queryset):
    """`queryset` with the value of each column of its order (its own, else its model's) as
    an annotation, the primary key last so that no two objects tie; and those annotations'
    names, each with whether it is descending."""
    terms = [order_term(term) for term in queryset.query.order_by or queryset.model._meta.ordering]
    last = terms[-1][0] if terms else None
    if not (isinstance(last, F) and last.name in ("pk", queryset.model._meta.pk.name)):
        terms.append((F("pk"), False))
    names = [POSITION.format(number) for number in range(len(terms))]
    columns = list(zip(names, terms, strict=True))
    annotated = queryset.annotate(**{name: expression for name, (expression, _) in columns})
    return annotated, [(name, descending) for name, (_, descending) in columns]


def ordered(queryset, columns, reverse=False):
    """`queryset` (keyed) in the order of `columns`, or the other way round."""
    return queryset.order_by(
        *(f"-{name}" if descending != reverse else name for name, descending in columns)
    )


def after(columns, position, reverse=False):
    """The objects that come after `position` (a value for each of `columns`), or before.

    (a, b) after (x, y): a > x, or a = x and b > y (<, for a descending column). The first
    column's a >= x is said again on its own, so that an index on it can start from x.
    """
    condition = None
    for (name, descending), value in reversed(list(zip(columns, position, strict=True))):
        beyond = Q(**{f"{name}__{'lt' if descending != reverse else 'gt'}": value})
        condition = beyond if condition is None else beyond | (Q(**{name: value}) & condition)
    name, descending = columns[0]
    return Q(**{f"{name}__{'lte' if descending != reverse else 'gte'}": position[0]}) & condition


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after `position` (before, going back), the values of the order's
    columns; `position_text` as the link wrote them."""

    reverse: bool
    position: list
    position_text: list


class Pagination(pagination.CursorPagination):
    """The API's pages: 50 objects, up to 200 with ?page_size=, reached by the `next` and
    `previous` links of each page, with the count of all.

    A page number made the database read and skip every object before the page (page 90,000
    of the policy examples cost seconds). The links' cursor holds the place instead: the
    values, in the list's order, of the last object of the page before (or the first of the
    page after, going back). A page is then the first objects after it, a condition on the
    order's columns that an index answers: the last page costs what the first does.

    The order is the list's own (its queryset's, else its model's default), with the primary
    key last, so that no two objects tie: DRF's own cursor compares the first column only and
    skips the objects that tie with an offset, and takes no expression (a title as the
    page's language shows it). The order's columns must never be null.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = "Where the page starts: as the `next` or `previous` link gives it."
    # A client that still asks for page numbers would get the first page again and again.
    page_query_param = "page"
    page_number_message = _(
        "Pages are reached by the cursor of the “next” and “previous” links, not by number."
    )

    def paginate_queryset(self, queryset, request, view=None):
        if self.page_query_param in request.query_params:
            raise ValidationError({self.page_query_param: [self.page_number_message]})
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.count = queryset.count()
        queryset, self.columns = keyed(queryset)
        self.cursor = self.decode_cursor(request, queryset)
        reverse = self.cursor is not None and self.cursor.reverse
        queryset = ordered(queryset, self.columns, reverse)
        if self.cursor is not None:
            queryset = queryset.filter(after(self.columns, self.cursor.position, reverse))
        results = list(queryset[: self.page_size + 1])
        self.page = results[: self.page_size]
        more = len(results) > self.page_size
        if reverse:
            self.page.reverse()
        # Going forward, there are pages before unless this is the first; going back, after.
        self.has_next = more or reverse
        self.has_previous = more if reverse else self.cursor is not None
        return self.page

    def position(self, instance):
        return [str(getattr(instance, name)) for name, _descending in self.columns]

    def get_next_link(self):
        if not self.has_next:
            return None
        position = self.position(self.page[-1]) if self.page else self.cursor.position_text
        return self.encode_cursor(Cursor(False, None, position))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        position = self.position(self.page[0]) if self.page else self.cursor.position_text
        return self.encode_cursor(Cursor(True, None, position))

    def encode_cursor(self, cursor):
        data = {"p": cursor.position_text, **({"r": 1} if cursor.reverse else {})}
        text = urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, text)

    def decode_cursor(self, request, queryset):
        """The request's cursor, if any, its position read as values of the order's columns
        (annotated on `queryset`); NotFound (404) for a cursor that no page of this list
        wrote."""
        text = request.query_params.get(self.cursor_query_param)
        if text is None:
            return None
        try:
            data = json.loads(urlsafe_b64decode(text.encode("ascii")))
            position_text, reverse = data["p"], data.get("r", 0)
            if (
                reverse not in (0, 1)
                or not isinstance(position_text, list)
                or len(position_text) != len(self.columns)
            ):
                raise ValueError(text)
            position = [
                column_value(queryset, name, value)
                for (name, _descending), value in zip(self.columns, position_text, strict=True)
            ]
        # RecursionError: JSON nested deeper than Python reads.
        except (ValueError, TypeError, KeyError, RecursionError, binascii.Error, FieldValueError):
            raise NotFound(self.invalid_cursor_message) from None
        return Cursor(bool(reverse), position, position_text)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "The objects of all pages."},
                "next": {**link, "description": "The page after this one; null on the last."},
                "previous": {**link, "description": "The page before; null on the first."},
                "results": schema,
            },
        }


def column_value(queryset, name, text):
    """The value of the order's column `name` (annotated on `queryset`) that `text` writes
    (ValueError, or Django's ValidationError, if none)."""
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError(text)
    text.encode()  # UnicodeEncodeError (a ValueError) for half a character, "\ud800" in JSON
    return queryset.query.annotations[name].output_field.to_python(text)


# Lists and search count their matches up to this many: beyond, they say "more than".
MAX_COUNT = 1000


class BoundedPaginator(Paginator):
    """Counts at most MAX_COUNT + 1 objects, so that a page never counts a whole large table.

    Past MAX_COUNT the pages say "more than" and stop at the page holding object MAX_COUNT + 1:
    narrowing the filters shows the rest.

    One query finds the ids of those first objects, in order: their number is the count. A
    page's objects are then read by id from `objects` (by default the object list itself), which
    need not test the filters again: a list passes its objects unfiltered, with what the page
    shows of them (select_related, prefetch_related).
    """

    max_count = MAX_COUNT

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, objects=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.objects = object_list if objects is None else objects

    @cached_property
    def ids(self):
        return list(self.object_list.values_list("pk", flat=True)[: self.max_count + 1])

    @cached_property
    def count(self):
        return len(self.ids)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.objects_with_ids(self.ids[bottom:top]), number, self)

    def objects_with_ids(self, ids):
        objects = self.objects.filter(pk__in=ids)
        # In the list's order (the model's own unless the list chose another).
        if self.object_list.query.order_by:
            objects = objects.order_by(*self.object_list.query.order_by)
        return objects

    @property
    def is_bounded(self):
        return self.count > self.max_count

    @property
    def num_pages_label(self):
        return f"{self.num_pages}+" if self.is_bounded else str(self.num_pages)


class GroupedPaginator(BoundedPaginator):
    """Pages that never split a group: the objects that follow one another in the list with the
    same value of `group_by` (a session's guiding questions) are on one page. A page holds
    whole groups up to `per_page` objects, and at least one group.

    The ids come with their group in the same one query. Past MAX_COUNT, the last group counted
    may be cut short: the pages stop before it (unless it is the only one).
    """

    def __init__(self, *args, group_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_by = group_by

    @cached_property
    def rows(self):
        return list(self.object_list.values_list("pk", self.group_by)[: self.max_count + 1])

    @cached_property
    def ids(self):
        return [pk for pk, _group in self.rows]

    @cached_property
    def page_bounds(self):
        """(first, last + 1) positions in `ids` of each page's objects."""
        groups = []
        for position, (_pk, group) in enumerate(self.rows):
            if groups and group == self.rows[groups[-1][0]][1]:
                groups[-1][1] = position + 1
            else:
                groups.append([position, position + 1])
        if self.is_bounded and len(groups) > 1:
            groups.pop()
        pages = []
        for first, end in groups:
            if pages and end - pages[-1][0] <= self.per_page:
                pages[-1] = (pages[-1][0], end)
            else:
                pages.append((first, end))
        return pages

    @cached_property
    def num_pages(self):
        if not self.page_bounds:
            return 1 if self.allow_empty_first_page else 0
        return len(self.page_bounds)

    def page(self, number):
        number = self.validate_number(number)
        first, end = self.page_bounds[number - 1] if self.page_bounds else (0, 0)
        return self._get_page(self.objects_with_ids(self.ids[first:end]), number, self)
