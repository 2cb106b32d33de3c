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
    """

    max_count = MAX_COUNT

    @cached_property
    def count(self):
        return self.object_list[: self.max_count + 1].count()

    @property
    def is_bounded(self):
        return self.count > self.max_count

    @property
    def num_pages_label(self):
        return f"{self.num_pages}+" if self.is_bounded else str(self.num_pages)
