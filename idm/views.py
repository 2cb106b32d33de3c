from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

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


def bench_trivial(request):
    """The ceiling of the load test (scripts/bench.py): a fixed short answer, no database.

    Served only with DJANGO_BENCH_VIEW=1.
    """
    return HttpResponse("ok", content_type="text/plain")
