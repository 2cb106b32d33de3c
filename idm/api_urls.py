"""The read-only JSON API, version 1, with its OpenAPI schema and documentation page."""

import re

from django.conf import settings
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from idm.api import APIRootView
from speakers.api import OrganizationViewSet, SpeakerViewSet
from workshops import api as workshops

router = DefaultRouter()
router.APIRootView = APIRootView
router.register("years", workshops.DialogueYearViewSet, basename="year")
router.register("workshops", workshops.WorkshopViewSet, basename="workshop")
router.register("sessions", workshops.SessionViewSet, basename="session")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("guiding-questions", workshops.GuidingQuestionViewSet, basename="guidingquestion")
router.register("policy-examples", workshops.PolicyExampleViewSet, basename="policyexample")
router.register("documents", workshops.DocumentViewSet, basename="document")
router.register("topics", workshops.TopicViewSet, basename="topic")
router.register("publications", workshops.PublicationViewSet, basename="publication")
router.register("sections", workshops.SectionViewSet, basename="section")

app_name = "api"

# What no parameter of the schema holds: control characters (a NUL...), which headers and
# databases refuse.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f]")


@csrf_exempt
def not_found(request):
    """Any other address under the API answers in JSON too, not with the site's HTML page.

    Whatever the method: like the API's own views, it changes nothing, so needs no CSRF token.
    """
    return JsonResponse({"detail": "Not found."}, status=404)


def refused_parameters(request):
    """The 400 for a parameter with a control character, or a `lang` that is not a site
    language, of the schema or its documentation page; else None."""
    for name, values in request.GET.lists():
        if any(CONTROL_CHARACTERS.search(text) for text in [name, *values]):
            return JsonResponse({"detail": "Control characters are not allowed."}, status=400)
    language = request.GET.get("lang")
    if language is not None and language not in dict(settings.LANGUAGES):
        languages = ", ".join(code for code, _name in settings.LANGUAGES)
        return JsonResponse({"lang": [f"Choose one of {languages}."]}, status=400)
    return None


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, in YAML or JSON (`?format=json`), in a site language (`?lang=fr`).

    The API has one version, named by its path: drf-spectacular would put a `version`
    parameter into `info.version` and into the file name of Content-Disposition, a header the
    request would then write; here it is ignored. A parameter with a control character, or a
    `lang` that is not a site language, is refused with a 400.
    """

    # What the answer depends on, for the page cache, which drops the other parameters
    # (idm/page_cache.py); `version` is read to be refused when it holds a control character.
    query_parameters = ("format", "lang", "version")

    @extend_schema(exclude=True)  # not an operation of the API, as in drf-spectacular
    def get(self, request, *args, **kwargs):
        if (refused := refused_parameters(request)) is not None:
            return refused
        return super().get(request, *args, **kwargs)

    def _get_version_parameter(self, request):
        return None


class DocsView(SpectacularSwaggerSplitView):
    """The documentation page (Swagger UI) and its start-up script (`?script=`); its
    parameters are refused as the schema's are.

    The script goes without the CSRF token that drf-spectacular writes into it for requests
    that change something: the API changes nothing, and asking for a token would set a
    `csrftoken` cookie on an answer that shared caches keep for everyone (Cache-Control:
    public, idm.middleware.api_headers).
    """

    # For the page cache (idm/page_cache.py): the page links to the schema with these.
    query_parameters = ("lang", "version", "script")

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if (refused := refused_parameters(request)) is not None:
            return refused
        response = super().get(request, *args, **kwargs)
        # The template's context: the view's own value wins over Django's lazy token, which is
        # then never asked for.
        response.data["csrf_token"] = ""
        return response


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        # Only GET and HEAD: its page renderer has no answer to OPTIONS's description.
        DocsView.as_view(
            url_name="api:schema", template_name="api/docs.html", http_method_names=["get", "head"]
        ),
        name="docs",
    ),
    *router.urls,
    # Only addresses with a trailing slash, so that CommonMiddleware still adds a missing one.
    re_path(r"^.*/$", not_found),
]
