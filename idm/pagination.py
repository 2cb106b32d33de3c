import binascii
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass

from django.core.exceptions import ValidationError as FieldValueError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


def attribute(instance, path):
    """The value at `path` ("workshop__start_date") of `instance`; the objects on the way
    are already loaded (select_related)."""
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance


def model_field(model, path):
    """The model field at the end of `path` ("session__workshop_id", "pk")."""
    for name in path.split("__")[:-1]:
        model = model._meta.get_field(name).related_model
    name = path.split("__")[-1]
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def after(ordering, position):
    """The objects that come after `position` (a value for each of `ordering`'s columns).

    (a, b) after (x, y): a > x, or a = x and b > y; with "-a", a < x. The first column's
    a >= x is said again on its own, so that an index on it can start from x.
    """
    condition = None
    for field, value in reversed(list(zip(ordering, position, strict=True))):
        name = field.removeprefix("-")
        lookup = "lt" if field.startswith("-") else "gt"
        beyond = Q(**{f"{name}__{lookup}": value})
        condition = beyond if condition is None else beyond | (Q(**{name: value}) & condition)
    first = ordering[0]
    lookup = "lte" if first.startswith("-") else "gte"
    return Q(**{f"{first.removeprefix('-')}__{lookup}": position[0]}) & condition


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after `position` (before, going back), the values of the order's
    columns; `position_text` as the link wrote them."""

    reverse: bool
    position: list
    position_text: list


def reversed_ordering(ordering):
    return tuple(field.removeprefix("-") if field[0] == "-" else f"-{field}" for field in ordering)


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
    skips the objects that tie with an offset, and does not follow relations. The order's
    columns must never be null.
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
        self.model = queryset.model
        self.ordering = self.get_ordering(request, queryset, view)
        self.count = queryset.count()
        self.cursor = self.decode_cursor(request)
        reverse = self.cursor is not None and self.cursor.reverse
        ordering = reversed_ordering(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        if self.cursor is not None:
            queryset = queryset.filter(after(ordering, self.cursor.position))
        results = list(queryset[: self.page_size + 1])
        self.page = results[: self.page_size]
        more = len(results) > self.page_size
        if reverse:
            self.page.reverse()
        # Going forward, there are pages before unless this is the first; going back, after.
        self.has_next = more or reverse
        self.has_previous = more if reverse else self.cursor is not None
        return self.page

    def get_ordering(self, request, queryset, view):
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        if ordering[-1:] not in (["pk"], ["-pk"]):
            ordering.append("pk")
        return tuple(ordering)

    def position(self, instance):
        return [str(attribute(instance, field.removeprefix("-"))) for field in self.ordering]

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

    def decode_cursor(self, request):
        """The request's cursor, if any, its position read as values of the order's columns;
        NotFound (404) for a cursor that no page of this list wrote."""
        text = request.query_params.get(self.cursor_query_param)
        if text is None:
            return None
        try:
            data = json.loads(urlsafe_b64decode(text.encode("ascii")))
            position_text, reverse = data["p"], data.get("r", 0)
            if (
                reverse not in (0, 1)
                or not isinstance(position_text, list)
                or len(position_text) != len(self.ordering)
            ):
                raise ValueError(text)
            position = [
                self.column_value(field, value)
                for field, value in zip(self.ordering, position_text, strict=True)
            ]
        except (ValueError, TypeError, KeyError, binascii.Error, FieldValueError):
            raise NotFound(self.invalid_cursor_message) from None
        return Cursor(bool(reverse), position, position_text)

    def column_value(self, field, text):
        """The value of the order's column `field` that `text` writes (ValueError if none)."""
        if not isinstance(text, str) or "\x00" in text:
            raise ValueError(text)
        return model_field(self.model, field.removeprefix("-")).to_python(text)

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
        objects = self.objects.filter(pk__in=self.ids[bottom:top])
        # In the list's order (the model's own unless the list chose another).
        if self.object_list.query.order_by:
            objects = objects.order_by(*self.object_list.query.order_by)
        return self._get_page(objects, number, self)

    @property
    def is_bounded(self):
        return self.count > self.max_count

    @property
    def num_pages_label(self):
        return f"{self.num_pages}+" if self.is_bounded else str(self.num_pages)
