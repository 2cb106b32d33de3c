"""What the admin pages of the content share: times as HH:MM, uploads that say what they take.

Not an app's admin module: nothing here registers a model. The admins and inlines that show a
time or a file input list EditorFieldsMixin first among their bases.
"""

from django.conf import settings
from django.contrib.admin.widgets import AdminTimeWidget
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Said once on each page that shows dates or times (a fieldset's description), instead of
# Django's "You are N hours behind server time" under every input (hidden by admin.css).
TIME_ZONE_NOTE = _("All dates and times are Geneva time (Europe/Zurich).")
# The photos browsers show on the speaker pages; Pillow would read more (TIFF, BMP, ICO...).
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


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


upload_help_lazy = lazy(upload_help, str)


class EditorFieldsMixin:
    """For a ModelAdmin or an inline: times typed and shown as HH:MM, without a help text of
    their own (the page says once which time zone they are in), and file inputs with the
    `accept` list of what the field takes and the size limit in their help text."""

    upload_kinds = {
        models.ImageField: _("JPEG, PNG or WebP image"),
        models.FileField: _("PDF, office document, presentation or spreadsheet"),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TimeField):
            kwargs["widget"] = AdminTimeWidget(format="%H:%M")
            kwargs["help_text"] = ""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.FileField) and formfield is not None:
            self.describe_upload(db_field, formfield)
        return formfield

    def describe_upload(self, db_field, formfield):
        extensions = allowed_extensions(db_field)
        if isinstance(db_field, models.ImageField):
            extensions = extensions or IMAGE_EXTENSIONS
            # The model takes any image Pillow reads: the form, only those a browser shows.
            formfield.validators.append(FileExtensionValidator(extensions))
        if extensions:
            formfield.widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)
        kinds = next(
            kinds for field, kinds in self.upload_kinds.items() if isinstance(db_field, field)
        )
        formfield.help_text = upload_help_lazy(kinds)
