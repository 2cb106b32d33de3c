from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from idm.admin import ContentAdmin, VersionedTranslatedContentAdmin

from .forms import SpeakerForm
from .models import Country, Organization, Speaker

# Slugs are filled in from the name or title; editors seldom need to see them.
WEB_ADDRESS = (_("Web address"), {"classes": ["collapse"], "fields": ["slug"]})
# A link typed without a scheme is taken as https, as Django 6 will do.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    """The ISO 3166-1 list, loaded by a migration: a lookup for the other forms."""

    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(VersionedTranslatedContentAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym"]
    search_help_text = _("Search by name or acronym.")
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_LINKS
    fieldsets = [
        (None, {"fields": ["name", "acronym", "kind", "country", "parent", "website"]}),
        WEB_ADDRESS,
    ]


@admin.register(Speaker)
class SpeakerAdmin(VersionedTranslatedContentAdmin):
    form = SpeakerForm
    list_display = ["full_name", "position", "organization", "country"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter), "organization__kind"]
    list_select_related = ["organization", "country"]
    search_fields = [
        "full_name",
        "sort_name",
        "position",
        "organization__name",
        "organization__acronym",
    ]
    search_help_text = _("Search by name, position or organization.")
    autocomplete_fields = ["organization", "country"]
    prepopulated_fields = {"slug": ["full_name"]}
    fieldsets = [
        (None, {"fields": ["full_name", "sort_name", "position", "organization", "country"]}),
        (_("Biography"), {"fields": ["bio", "photo"]}),
        WEB_ADDRESS,
    ]

    class Media:
        js = ["js/admin-sort-name.js"]  # the sort name follows the full name
