"""The project's own views, and what the views of both apps share: draft preview, filtered lists."""

import json

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django_filters.views import FilterView

from idm import kept_forms
from idm.filters import load_options
from idm.middleware import DATABASE_ERRORS
from idm.page_cache import CacheUnavailable, content_version, reads
from idm.pagination import BoundedPaginator


def can_preview_drafts(user):
    return user.has_perm("workshops.change_workshop")


class DraftPreviewMixin:
    """A detail page of what `model.objects.published()` lets the public see.

    Editors (can_preview_drafts) may preview the rest too: every object, marked `is_draft` when
    the public would not see it, and whatever the page shows of drafts (`shown()`); their pages
    are never cached.
    """

    # Its page depends on no query parameter (idm/page_cache.py).
    query_parameters = ()

    def previews_drafts(self):
        return can_preview_drafts(self.request.user)

    def shown(self, queryset):
        """`queryset` as this page shows it: published only, unless the user previews drafts."""
        return queryset if self.previews_drafts() else queryset.published()

    def base_queryset(self):
        objects = self.model.objects.all()
        if not self.previews_drafts():
            return objects.published()
        public = self.model.objects.published().filter(pk=OuterRef("pk"))
        return objects.annotate(is_draft=~Exists(public))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.previews_drafts():
            add_never_cache_headers(response)
        return response


class PaginatedFilterView(FilterView):
    """A filtered list, 20 objects a page.

    `queryset`: the published objects, in the list's order, that the filters narrow down;
    `page_queryset`: the same kind of objects as a page shows them, unfiltered, from which the
    paginator reads a page's objects by id (see BoundedPaginator).
    """

    paginate_by = 20
    paginator_class = BoundedPaginator
    # Its template is <app>/<model>_list.html, as a ListView's.
    template_name_suffix = "_list"
    page_queryset = None

    @classproperty
    def query_parameters(cls):
        """Its filters and the page number (idm/page_cache.py)."""
        return {*cls.filterset_class.base_filters, cls.page_kwarg}

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, objects=self.page_queryset, **kwargs)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        load_options(filterset)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        # The labels of the filters in use, which the closed filter panel names.
        context["active_filters"] = [
            form[name].label for name in form.fields if form.data.get(name)
        ]
        return context


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """For load balancers and monitoring: is this app server up, can it reach the database,
    and the cache?

    Outside the language prefix, and looks at neither the session nor the user.
    """
    try:
        content_version()
        cache = "ok"
    except CacheUnavailable:
        cache = "unavailable"  # Pages are still served, without the cache: not an error.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "cache": cache}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache})


@reads()
@csrf_exempt
@require_safe
def robots_txt(request):
    """For crawlers: where the sitemap is, and what is not a page to index. Search results are
    an endless number of addresses over the pages that the sitemap lists; a participant's
    agenda is their own; the admin, the API and the health check are not pages."""
    disallowed = ["/admin/", "/api/", reverse("healthz")]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            disallowed += [reverse("workshops:search"), reverse("workshops:my-agenda")]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The site's colours (static/css/site.css): the header's blue, the page's white.
THEME_COLOR = "#0b4f8a"
BACKGROUND_COLOR = "#ffffff"


@require_safe
def web_app_manifest(request):
    """What a phone needs to install the site as an app, in the page's language: it opens on
    the home page of that language, full screen, with the site's icons and colours."""
    icons = [
        {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "id": "/",
        "name": _("International Dialogue on Migration"),
        "short_name": "IDM",
        "description": _(
            "Workshops of IOM's International Dialogue on Migration: agendas, speakers, "
            "documents and policy examples."
        ),
        "lang": translation.get_language(),
        "start_url": reverse("workshops:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


# What every page loads: the service worker keeps them from the start, for the offline page.
SERVICE_WORKER_FILES = [
    "css/site.css",
    "css/print.css",
    "js/my-agenda.js",
    "js/times.js",
    "js/offline.js",
    "icons/icon.svg",
]


@require_safe
def service_worker(request):
    """The service worker (templates/sw.js), at the root so that its scope covers the pages of
    every language. Browsers check it again at each visit: a new release replaces it at once."""

    def in_each_language(name):
        addresses = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                addresses[code] = reverse(name)
        return addresses

    config = {
        "release": settings.RELEASE,
        "offline": in_each_language("offline"),
        "myAgenda": in_each_language("workshops:my-agenda"),
        "static": [static(name) for name in SERVICE_WORKER_FILES],
        "staticUrl": settings.STATIC_URL,
        "mediaUrl": settings.MEDIA_URL,
    }
    script = render_to_string("sw.js", {"config": json.dumps(config)})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


class OfflinePageView(TemplateView):
    """What the service worker shows, offline, for a page that was never kept."""

    template_name = "offline.html"
    query_parameters = ()


def csrf_failure(request, reason=""):
    """A refused form (CSRF) in the site's layout and language, not Django's bare page, whose
    inline style the Content Security Policy blocks. Django logs the reason.

    An admin form sent from one of this site's pages (the editor logged in again in another
    tab, which changes the token) is kept, and the page links to it (idm/kept_forms.py)."""
    kept = kept_forms.is_same_origin(request) and kept_forms.keep(request)
    context = {"kept_form_url": request.get_full_path() if kept else None}
    return render(request, "403_csrf.html", context, status=403)


def bench_trivial(request):
    """The ceiling of the load test (scripts/bench.py): a fixed short answer, no database.

    Served only with DJANGO_BENCH_VIEW=1.
    """
    return HttpResponse("ok", content_type="text/plain")
