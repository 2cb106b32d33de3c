from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    """django.contrib.admin, whose site is the editors' (idm.admin)."""

    default_site = "idm.admin.EditorsAdminSite"
