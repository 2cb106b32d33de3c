"""What the views of the read-only JSON API share (the views: speakers/api.py, workshops/api.py)."""

from rest_framework import routers, viewsets
from rest_framework.settings import api_settings


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its objects, for reading only."""

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """Each view says what its answers depend on, for the page cache (idm/page_cache.py):
        a list on its filters, its pages and the format; an object on the format only."""
        view = super().as_view(actions, **initkwargs)
        view.query_parameters = {api_settings.URL_FORMAT_OVERRIDE}
        if "list" in actions.values():
            filterset = getattr(cls, "filterset_class", None)
            pagination = cls.pagination_class
            view.query_parameters |= {
                *(filterset.base_filters if filterset else ()),
                pagination.cursor_query_param,
                pagination.page_size_query_param,
                pagination.page_query_param,
            }
        return view


class APIRootView(routers.APIRootView):
    """The links to every list (/api/v1/)."""

    query_parameters = (api_settings.URL_FORMAT_OVERRIDE,)
