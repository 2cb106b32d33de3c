from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from idm.middleware import DATABASE_ERRORS


@never_cache
def healthz(request):
    """For load balancers and monitoring: is this app server up, and can it reach the database?

    Outside the language prefix, and looks at neither the session nor the user.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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


def bench_trivial(request):
    """The ceiling of the load test (scripts/bench.py): a fixed short answer, no database.

    Served only with DJANGO_BENCH_VIEW=1.
    """
    return HttpResponse("ok", content_type="text/plain")
