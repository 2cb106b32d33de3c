"""The admin's autocomplete boxes, shown again after a value that is no key: not a 500."""

from django.contrib import admin
from django.core.exceptions import ValidationError


class KeysOnlyMixin:
    """Django's widget looks up the selected values as they were sent. A value that cannot be
    a key of the related model (a hand-edited request or link, ?workshop=abc, a 30-digit
    number) raised a server error while the form was being shown again; it is left out, and
    the form field reports it as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        options = remote.model._meta
        target = options.get_field(getattr(remote, "field_name", None) or options.pk.name)
        return super().optgroups(name, [item for item in value if is_key(target, item)], attr)


def is_key(field, value):
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class KeysOnlySelect(KeysOnlyMixin, admin.widgets.AutocompleteSelect):
    pass


class KeysOnlySelectMultiple(KeysOnlyMixin, admin.widgets.AutocompleteSelectMultiple):
    pass


class AutocompleteAdminMixin:
    """For a ModelAdmin or an inline with autocomplete_fields: their boxes use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", KeysOnlySelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KeysOnlySelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
