from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from idm import page_cache, uploads


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        # Any change to the public content makes the cached pages obsolete.
        page_cache.watch("speakers", "workshops")
        # A document's file replaced or cleared in the admin, or of a deleted document, leaves
        # storage.
        uploads.delete_replaced_files(self.get_model("Document"), "file")
