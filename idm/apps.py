from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    """django.contrib.admin, whose site is the editors' (idm.admin); idm's AppConfig, which also
    registers the project's system checks (idm.checks)."""

    default_site = "idm.admin.EditorsAdminSite"

    def ready(self):
        super().ready()
        from idm import checks  # noqa: F401 (registers them)
