"""What the API's viewsets and serializers of both apps share: reading only, the language of
the texts, and the query parameters that the page cache keys their answers on.

`?lang=fr` asks for the texts in French (`en`, `fr` or `es`); without it, the language that
the request's Accept-Language prefers, as for the API's messages (answers then say
`Vary: Accept-Language`), else English. A text without a version in that language comes in
English, and each object's `languages` says which language each of its texts is in.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.relations import ManyRelatedField, SlugRelatedField
from rest_framework.settings import api_settings

from idm.languages import CONTENT_LANGUAGES, text_of, translated_fields

LANGUAGE_PARAMETER = "lang"


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its objects, for reading only, in the language `?lang=` asks for (see above)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.query_params.get(LANGUAGE_PARAMETER)
        if language is None:
            return
        if language not in CONTENT_LANGUAGES:
            message = _("Choose one of: %(languages)s.") % {
                "languages": ", ".join(CONTENT_LANGUAGES)
            }
            raise ValidationError({LANGUAGE_PARAMETER: [message]})
        translation.activate(language)
        request.LANGUAGE_CODE = language

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """Each view says what its answers depend on, for the page cache (idm/page_cache.py):
        a list on its filters, its pages, the language and the format; an object on the
        language and the format."""
        view = super().as_view(actions, **initkwargs)
        view.query_parameters = {LANGUAGE_PARAMETER, api_settings.URL_FORMAT_OVERRIDE}
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


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class APIRootView(routers.APIRootView):
    """The links to every list (/api/v1/)."""

    query_parameters = (api_settings.URL_FORMAT_OVERRIDE,)


LANGUAGE_SCHEMA = {"type": "string", "enum": CONTENT_LANGUAGES}


@extend_schema_field(
    {
        "type": "object",
        "description": "The language of each text of the object, by field: the one asked for "
        "where the text has a version in it, else en. For a list of texts, a list.",
        "additionalProperties": {
            "oneOf": [LANGUAGE_SCHEMA, {"type": "array", "items": LANGUAGE_SCHEMA}]
        },
    }
)
class LanguagesField(serializers.Field):
    """`languages`: the language of each translated text that its serializer gives, by field
    name ({"title": "fr", "summary": "en"}); for a list of texts (a workshop's objectives,
    as their `text`), the language of each."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        languages = {}
        translated = translated_fields(type(instance))
        for name, field in self.parent.fields.items():
            if field is self:
                continue
            if field.source in translated:
                languages[name] = text_of(instance, field.source).language
            elif isinstance(field, ManyRelatedField) and isinstance(
                field.child_relation, SlugRelatedField
            ):
                related = type(instance)._meta.get_field(field.source).related_model
                slug = field.child_relation.slug_field
                if slug in translated_fields(related):
                    items = field.get_attribute(instance)
                    languages[name] = [text_of(item, slug).language for item in items]
        return languages
