"""The OpenAPI schema of the read-only JSON API, with the error responses it can give."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from idm.api import LANGUAGE_PARAMETER
from idm.languages import CONTENT_LANGUAGES


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_FOUND_OBJECT = OpenApiResponse(ErrorSerializer, description="No such object.")
NOT_FOUND_PAGE = OpenApiResponse(ErrorSerializer, description="No such page (invalid cursor).")
BAD_PARAMETERS = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="Invalid filter values or language (`lang`), or a page number (`page`) where "
    "the links give a cursor: the messages by parameter name.",
)
BAD_LANGUAGE = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="Invalid language (`lang`): the message by parameter name.",
)
LANGUAGE = OpenApiParameter(
    LANGUAGE_PARAMETER,
    str,
    enum=CONTENT_LANGUAGES,
    description="The language of the texts: each comes in it where it has a version in it, "
    "else in English (see `languages`). Without it, the one Accept-Language prefers.",
)


class AutoSchema(openapi.AutoSchema):
    """Documents the errors that clients must expect, besides the 200 answer, and the language
    parameter of every endpoint (idm/api.py)."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANGUAGE]

    def get_response_serializers(self):
        found = super().get_response_serializers()
        if self.view.action != "list":
            return {200: found, 400: BAD_LANGUAGE, 404: NOT_FOUND_OBJECT}
        return {200: found, 400: BAD_PARAMETERS, 404: NOT_FOUND_PAGE}


def every_field_is_present(result, **kwargs):
    """Mark every property required: the API is read-only and always sends every field."""
    for schema in result["components"]["schemas"].values():
        if "properties" in schema:
            schema["required"] = sorted(schema["properties"])
    return result
