"""Uploaded files: stored under generated names, checked for type, size and web page code,
deleted from storage once their row no longer refers to them."""

import functools
import io
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, pre_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps


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


def fitted_image(value, longest):
    """A new upload of an image (`value`, checked already), in its own format at most `longest`
    pixels on its longer side, turned as its EXIF orientation says, and without its metadata:
    a phone's photo may say where it was taken. None when `value` holds a file already stored,
    or one Pillow cannot read (the form refuses those; code that saves without it keeps them).
    """
    file = new_upload(value)
    if file is None:
        return None
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, icc_profile = image.format, image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((longest, longest))
            content = io.BytesIO()
            options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {}
            upright.save(content, format=image_format, icc_profile=icc_profile, **options)
    except (OSError, ValueError):  # UnidentifiedImageError is an OSError
        return None
    return ContentFile(content.getvalue(), name=file.name)


def validate_upload_size(value):
    file = new_upload(value)
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if file is None or file.size <= limit:
        return
    size, largest = filesizeformat(file.size), filesizeformat(limit)
    if size == largest:  # rounded alike: "20.0 MB; the largest allowed is 20.0 MB" said nothing
        message = _("The file is a little over the largest allowed, %(limit)s.")
    else:
        message = _("The file is %(size)s; the largest allowed is %(limit)s.")
    raise ValidationError(message % {"size": size, "limit": largest}, code="file_too_large")


# Markup that makes a browser take a file for a web page. A file that starts as a PDF (or an
# image) and goes on as HTML is both: shown as a page wherever the type is sniffed or lost.
WEB_PAGE_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed)[\s/>]", re.IGNORECASE
)
# How much of an upload is looked at: more than browsers read to guess a type (1,445 bytes).
WEB_PAGE_LOOKED_AT = 16 * 1024


def validate_not_a_web_page(value):
    """A new upload whose first bytes hold web page markup is refused."""
    file = new_upload(value)
    if file is None:
        return
    file.seek(0)
    head = file.read(WEB_PAGE_LOOKED_AT)
    file.seek(0)
    if WEB_PAGE_MARKUP.search(head):
        raise ValidationError(
            _("This file contains web page code (HTML), which an upload may not hold."),
            code="web_page",
        )


# (model, field names) of the file fields whose files go when their row lets go of them: a file
# stays while any of these still refers to it.
OWNED_FILE_FIELDS = []


def delete_replaced_files(model, *field_names):
    """Delete from storage the files of `model`'s `field_names` that a save replaces or clears,
    and those of a deleted row: once the transaction commits (a rolled-back save keeps its
    file), and only if no row refers to the file any more.

    Writes behind the model's back (`QuerySet.update()`, fixtures loaded with `loaddata`) do not
    delete anything.
    """
    if (model, field_names) not in OWNED_FILE_FIELDS:  # ready() may run more than once
        OWNED_FILE_FIELDS.append((model, field_names))
    uid = f"delete-replaced-files-{model._meta.label}"
    receivers = {pre_save: files_replaced_by_save, post_delete: files_of_deleted_row}
    for signal, receiver in receivers.items():
        receiver = functools.partial(receiver, field_names=field_names)
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


def files_replaced_by_save(sender, instance, raw, using, update_fields, field_names, **kwargs):
    if raw or instance._state.adding:
        return
    if update_fields is not None:
        field_names = [name for name in field_names if name in update_fields]
    if not field_names:
        return
    stored = sender._base_manager.using(using).filter(pk=instance.pk).values(*field_names).first()
    for name in field_names:
        old = (stored or {}).get(name)
        new = getattr(instance, name)
        # An upload not yet written to storage replaces the stored file whatever it is called.
        if old and (old != new.name or not new._committed):
            delete_after_commit(new.storage, old, using)


def files_of_deleted_row(sender, instance, using, field_names, **kwargs):
    for name in field_names:
        file = getattr(instance, name)
        if file.name:
            delete_after_commit(file.storage, file.name, using)


def delete_after_commit(storage, name, using):
    # Robust: the change is saved by then; a file that cannot be deleted is logged, not a 500.
    transaction.on_commit(
        functools.partial(delete_unless_used, storage, name, using), using=using, robust=True
    )


def delete_unless_used(storage, name, using):
    for model, field_names in OWNED_FILE_FIELDS:
        refers = Q.create([(field_name, name) for field_name in field_names], Q.OR)
        if model._base_manager.using(using).filter(refers).exists():
            return
    storage.delete(name)
