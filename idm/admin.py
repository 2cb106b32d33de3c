"""The editors' admin, shared by the admins of both apps: the site (change lists that answer any
query string, autocomplete choices labelled as their boxes show them, the IDM editors' name) and
the fields of content pages (times as HH:MM, uploads that say what they take, each language of a
text side by side).

The admins and inlines that show a time or a file input list EditorFieldsMixin first among
their bases; those of a model with texts in each language, LanguagesMixin.
"""

import copy
import datetime
from itertools import groupby
from operator import itemgetter
from pathlib import PurePath

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminTimeWidget
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from idm.autocomplete import AutocompleteAdminMixin, LabelledAutocompleteJsonView
from idm.kept_forms import KeepRefusedFormsMixin
from idm.languages import (
    CONTENT_LANGUAGES,
    ENGLISH,
    in_every_language,
    missing,
    shown_ordering,
    translated_fields,
)
from idm.uploads import validate_not_a_web_page
from idm.versioning import VersionedAdminMixin

# The titles of the add, change and view pages, in the project's catalogs too: Django's French
# elides nothing before a name ("Modification de atelier").
PAGE_TITLES = [gettext_noop("Add %s"), gettext_noop("Change %s"), gettext_noop("View %s")]


class SafeChangeList(ChangeList):
    """A query string the database cannot take is a bad lookup like any other: the list answers
    with its error note instead of a server error. That is a date-hierarchy value outside the
    calendar (a year of 10^20, a 13th month, or 9999, whose next year does not exist), and a NUL
    character in any value (PostgreSQL refuses it in a string)."""

    def get_filters(self, request):
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL character in the query string")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_ordering(self, request, queryset):
        """A translated text sorts as the admin's language shows it (idm.languages.Shown), not
        by its column in that language alone, which is empty where it has no translation."""
        return shown_ordering(self.model, super().get_ordering(request, queryset))


class UsedChoicesFieldListFilter(admin.ChoicesFieldListFilter):
    """The choices that some row holds, not every choice of the field (a document's language
    may be any of a hundred)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        used = set(model_admin.get_queryset(request).values_list(field_path, flat=True))
        field = copy.copy(field)
        used_choices = [(value, label) for value, label in field.flatchoices if value in used]
        field.choices = sorted(used_choices, key=lambda choice: str(choice[1]))
        super().__init__(field, request, params, model, model_admin, field_path)


class SafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class EditorsAdminSite(admin.AdminSite):
    # Where the organizers edit the workshops: named for them, not for Django.
    site_header = _("IDM editors")
    site_title = _("IDM editors")
    index_title = _("Workshop content")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin, the project's and other apps' alike, gets the change list above."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SafeChangeListMixin):
            admin_class = type(admin_class.__name__, (SafeChangeListMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


# Said once on each page that shows dates or times (a fieldset's description), instead of
# Django's "You are N hours behind server time" under every input (hidden by admin.css).
TIME_ZONE_NOTE = _("All dates and times are Geneva time (Europe/Zurich).")
# The photos browsers show on the speaker pages (Pillow would read more: TIFF, BMP, ICO...), and
# what Pillow finds in a photo of each extension: a GIF renamed .jpg would be served as JPEG.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def validate_image_format(upload):
    """The image's content is of its extension's format (Django's ImageField has opened it).
    Another extension is refused by FileExtensionValidator alone."""
    image = getattr(upload, "image", None)
    extension = PurePath(upload.name or "").suffix.lower().removeprefix(".")
    if (
        image is not None
        and extension in IMAGE_FORMATS
        and IMAGE_FORMATS[extension] != image.format
    ):
        raise ValidationError(
            gettext("The content of this image does not match its extension, .%(extension)s.")
            % {"extension": extension},
            code="bad_content",
        )


def allowed_extensions(db_field):
    for validator in db_field.validators:
        if isinstance(validator, FileExtensionValidator):
            return list(validator.allowed_extensions)
    return None


def upload_help(kinds):
    return gettext("%(kinds)s, up to %(size)s.") % {
        "kinds": kinds,
        "size": filesizeformat(settings.DOCUMENT_MAX_UPLOAD_SIZE),
    }


TIME_FORMAT = "%H:%M"
# Shown formatted as the example of what to type.
EXAMPLE = datetime.datetime(2007, 10, 8, 9, 30)


def invalid_example(input_format):
    """The error for a date or time that cannot be read, with an example of what can."""
    return gettext("Enter it as in this example: %(example)s.") % {
        "example": EXAMPLE.strftime(input_format)
    }


class EditorFieldsMixin:
    """For a ModelAdmin or an inline: times typed and shown as HH:MM, without a help text of
    their own (the page says once which time zone they are in); dates and times that cannot be
    read get an example of what can; file inputs with the `accept` list of what the field takes
    and the size limit in their help text, photos whose content is of their extension's type."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TimeField):
            kwargs["widget"] = AdminTimeWidget(format=TIME_FORMAT)
            kwargs["help_text"] = ""
            kwargs["error_messages"] = {"invalid": invalid_example(TIME_FORMAT)}
        elif isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            # The format the calendar writes in the page's language.
            date_format = formats.get_format("DATE_INPUT_FORMATS")[0]
            kwargs["error_messages"] = {"invalid": invalid_example(date_format)}
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.FileField) and formfield is not None:
            self.describe_upload(db_field, formfield)
        return formfield

    def describe_upload(self, db_field, formfield):
        extensions = allowed_extensions(db_field)
        kinds = _("PDF, office document, presentation or spreadsheet")
        if isinstance(db_field, models.ImageField):
            kinds = _("JPEG, PNG or WebP image")
            extensions = extensions or list(IMAGE_FORMATS)
            # The model takes any image Pillow reads: the form, only those a browser shows.
            formfield.validators += [
                FileExtensionValidator(extensions),
                validate_image_format,
                validate_not_a_web_page,
            ]
        if extensions:
            formfield.widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)
        formfield.help_text = lazy(upload_help, str)(kinds)


class MissingTranslationFilter(admin.SimpleListFilter):
    """What has an English text without its French (or Spanish) version, for translators: the
    object's own texts and those its page edits in rows (a workshop's objectives), listed in
    the admin's `translated_rows`."""

    title = _("translation")
    parameter_name = "lacks"
    LABELS = {"fr": _("Lacks French"), "es": _("Lacks Spanish")}

    def lookups(self, request, model_admin):
        return [(code, self.LABELS[code]) for code in CONTENT_LANGUAGES if code != ENGLISH]

    def queryset(self, request, queryset):
        language = self.value()
        if language not in self.LABELS:
            return queryset
        model = queryset.model
        condition = missing(model, language)
        for name in getattr(self.model_admin, "translated_rows", ()):
            relation = model._meta.get_field(name)
            rows = relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")})
            condition |= Exists(rows.filter(missing(relation.related_model, language)))
        return queryset.filter(condition)

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


class LanguagesMixin:
    """For the admin or an inline of a model with texts in each language (translation.py),
    before modeltranslation's class in the bases: each text's English, French and Spanish
    inputs side by side on one row, each marked with its language (browsers then check its
    spelling in it); searches in every language; a change list filter of what lacks a French
    or Spanish version. (modeltranslation's tabbed admin would load jQuery UI from a CDN, which
    the Content-Security-Policy refuses.)"""

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": self.languages_side_by_side(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def languages_side_by_side(self, fields):
        """The rows of a fieldset with each translated field's inputs on a row of their own
        (modeltranslation puts them one under the other); the other fields as they were."""
        translated = translated_fields(self.model)
        columns = {
            f"{field}_{language}": field for field in translated for language in CONTENT_LANGUAGES
        }
        # (what puts fields on one row: their translated field, or their row here; field)
        items = []
        for index, row in enumerate(fields):
            for name in [row] if isinstance(row, str) else row:
                if name in translated:
                    items += [(name, f"{name}_{language}") for language in CONTENT_LANGUAGES]
                else:
                    items.append((columns.get(name, index), name))
        rows = []
        for _row, names in groupby(items, key=itemgetter(0)):
            names = tuple(name for _row, name in names)
            rows.append(names[0] if len(names) == 1 else names)
        return rows

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if formfield is not None and language is not None:
            formfield.widget.attrs["lang"] = language
            if language != ENGLISH:
                formfield.help_text = ""  # said once, under the English input
        return formfield

    def get_search_fields(self, request):
        return [
            name
            for field in super().get_search_fields(request)
            for name in in_every_language(self.model, field)
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


class ContentAdmin(
    EditorFieldsMixin, KeepRefusedFormsMixin, AutocompleteAdminMixin, admin.ModelAdmin
):
    """The admin of a model of the content: its fields as editors need them, a form refused for
    an expired login kept, autocomplete boxes that take any value without a server error."""


class TranslatedContentAdmin(LanguagesMixin, ContentAdmin, TranslationAdmin):
    """The admin of a model of the content whose texts are written in each language."""


class VersionedTranslatedContentAdmin(VersionedAdminMixin, TranslatedContentAdmin):
    """The same, for a model that counts its saves (idm/versioning.py)."""
