"""Uploaded files, served under MEDIA_URL only when what they belong to is public.

A document is public when its workshop is published (`Document.objects.published()`), a photo
when its person is (`Speaker.objects.published()`): the same rules as the pages. Editors who may
preview drafts, and users who may change the row, also get the files of drafts, never cached.
Anyone else gets the same 404 as for a name that does not exist.

With `settings.MEDIA_ACCEL_REDIRECT` (e.g. "/protected-media/"), the answer has no body but an
`X-Accel-Redirect` header, and nginx sends the file from an `internal` location
(deploy/nginx/idm.conf); without it, Django sends the file itself.
"""

import re
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from idm.views import can_preview_drafts
from speakers.models import Speaker
from workshops.models import Document

# What a stored name may look like: a folder and a file (uploads are stored under generated
# names, idm.uploads), in ASCII letters, digits, "_", "-" and ".", no part starting with a dot.
# Anything else (`..`, an absolute path, a backslash, a NUL or other odd bytes) is a 404.
STORED_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+")

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# Photos shown in the page; other image formats are offered as a download.
PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
UNKNOWN_TYPE = "application/octet-stream"
SLUG = re.compile(r"[A-Za-z0-9_-]+")


class Upload:
    """The files of one file field, under the folder its `upload_to` gives them."""

    def __init__(self, model, field_name, types, download):
        self.model = model
        self.field_name = field_name
        self.types = types
        self.download = download

    def owner(self, name):
        """The row that refers to the stored `name`, with `is_public`, in one query; a public
        one first if several do."""
        public = self.model.objects.published().filter(pk=OuterRef("pk"))
        rows = self.model.objects.filter(**{self.field_name: name}).only("pk", "slug")
        return rows.annotate(is_public=Exists(public)).order_by("-is_public", "pk").first()

    def may_see_drafts(self, user):
        """As for the pages of drafts, or whoever may change the row in the admin."""
        meta = self.model._meta
        return can_preview_drafts(user) or user.has_perm(
            f"{meta.app_label}.change_{meta.model_name}"
        )

    def filename(self, row, name):
        """What a download is saved as: the slug and the stored extension, never the request's."""
        slug = row.slug if SLUG.fullmatch(row.slug) else self.model._meta.model_name
        return slug + PurePath(name).suffix.lower()


UPLOADS = {
    "documents": Upload(Document, "file", DOCUMENT_TYPES, download=True),
    "speakers": Upload(Speaker, "photo", PHOTO_TYPES, download=False),
}


@require_safe
def serve_upload(request, name):
    upload = UPLOADS.get(name.partition("/")[0])
    if upload is None or not STORED_NAME.fullmatch(name):
        raise Http404("No such file.")
    row = upload.owner(name)
    # The user is looked at only for files that are not public: their answer varies on it.
    if row is None or not (row.is_public or upload.may_see_drafts(request.user)):
        raise Http404("No such file.")
    content_type = upload.types.get(PurePath(name).suffix.lower())
    download = upload.download or content_type is None
    filename = upload.filename(row, name)
    response = file_response(name, upload, content_type or UNKNOWN_TYPE, download, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, a file runs no script and reaches no page of the site.
    response["Content-Security-Policy"] = "sandbox"
    if row.is_public:
        # Asked again at each use: unpublishing must take a file offline at once.
        patch_cache_control(response, public=True, no_cache=True)
    else:
        add_never_cache_headers(response)
    return response


def file_response(name, upload, content_type, download, filename):
    prefix = settings.MEDIA_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix + quote(name)
        response["Content-Disposition"] = content_disposition_header(download, filename)
        return response
    storage = upload.model._meta.get_field(upload.field_name).storage
    try:
        file = storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    return FileResponse(file, as_attachment=download, filename=filename, content_type=content_type)
