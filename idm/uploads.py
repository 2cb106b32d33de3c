"""Uploaded files: stored under generated names, checked for type and size."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def generated_upload_name(folder, filename):
    """A random name that keeps the extension, so uploads never collide or reveal paths."""
    suffix = PurePath(filename).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def validate_upload_size(file):
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
