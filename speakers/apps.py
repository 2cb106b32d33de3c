from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from idm import uploads


class SpeakersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speakers"
    verbose_name = _("Speakers")

    def ready(self):
        # A photo replaced or cleared in the admin, or of a deleted person, leaves storage.
        uploads.delete_replaced_files(self.get_model("Speaker"), "photo")
