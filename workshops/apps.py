from django.apps import AppConfig

from idm import page_cache


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"

    def ready(self):
        # Any change to the public content makes the cached pages obsolete.
        page_cache.watch("speakers", "workshops")
