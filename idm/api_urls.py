"""The read-only JSON API, version 1, with its OpenAPI schema and documentation page."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from speakers.api import OrganizationViewSet, SpeakerViewSet
from workshops import api as workshops

router = DefaultRouter()
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


@csrf_exempt
def not_found(request):
    """Any other address under the API answers in JSON too, not with the site's HTML page.

    Whatever the method: like the API's own views, it changes nothing, so needs no CSRF token.
    """
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Only GET and HEAD: its page renderer has no answer to OPTIONS's description.
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/docs.html", http_method_names=["get", "head"]
        ),
        name="docs",
    ),
    *router.urls,
    # Only addresses with a trailing slash, so that CommonMiddleware still adds a missing one.
    re_path(r"^.*/$", not_found),
]
