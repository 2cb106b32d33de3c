"""Uploaded files: stored under generated names, checked for type and size."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def generated_upload_name(folder, filename):
    """A random name that keeps the extension, so uploads never collide or reveal paths."""
    suffix = PurePath(filename).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def new_upload(value):
    """The file just uploaded in `value`, or None when `value` holds a file already stored.

    A model's validators get its FieldFile, which wraps the upload until the model is saved and
    refers to the storage afterwards: a stored file was checked when it came, and reading it
    again on every save would fail, once it went missing, on a save that changes a title.
    """
    if isinstance(value, FieldFile):
        value = value._file
    return value if isinstance(value, UploadedFile) else None


def validate_upload_size(value):
    file = new_upload(value)
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if file is not None and file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
