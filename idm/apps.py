from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin, whose default site labels autocomplete choices (idm.autocomplete)."""

    default_site = "idm.autocomplete.AdminSite"
