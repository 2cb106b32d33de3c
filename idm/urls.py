from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from idm.media import serve_upload
from idm.page_cache import reads
from idm.sitemaps import SITEMAPS
from idm.views import (
    OfflinePageView,
    bench_trivial,
    healthz,
    robots_txt,
    service_worker,
    web_app_manifest,
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("idm.api_urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sw.js", service_worker, name="service-worker"),
    # Uploaded files, in every mode: only what is public, and drafts for editors (idm/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", serve_upload, name="media"),
    path(
        "sitemap.xml",
        reads()(csrf_exempt(require_safe(sitemaps.index))),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        # Its page number.
        reads("p")(csrf_exempt(require_safe(sitemaps.sitemap))),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("manifest.webmanifest", web_app_manifest, name="manifest"),
    path("offline/", OfflinePageView.as_view(), name="offline"),
    path("", include("workshops.urls")),
    path("", include("speakers.urls")),
)

if settings.BENCH_VIEW:
    urlpatterns.append(path("bench/trivial/", bench_trivial))
