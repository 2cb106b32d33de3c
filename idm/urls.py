from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from idm.sitemaps import SITEMAPS
from idm.views import bench_trivial, healthz, robots_txt

# The admin is where the organizers edit the workshops: named for them, not for Django.
admin.site.site_header = _("IDM editors")
admin.site.site_title = _("IDM editors")
admin.site.index_title = _("Workshop content")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("idm.api_urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        csrf_exempt(require_safe(sitemaps.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        csrf_exempt(require_safe(sitemaps.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("workshops.urls")),
    path("", include("speakers.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_VIEW:
    urlpatterns.append(path("bench/trivial/", bench_trivial))
