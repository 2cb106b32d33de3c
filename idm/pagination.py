from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """The API's pages: 50 objects, up to 200 with ?page_size=."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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
