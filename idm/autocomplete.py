"""The admin's autocomplete boxes: shown again after a value that is no key (not a 500), and
labelled by the ModelAdmin of the model they search when it says how (`autocomplete_label`)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
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


class KeysOnlyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field looks the chosen values up all at once: one that cannot be a key (a
    30-digit number) made the query fail. It is an invalid choice like any other."""

    def _check_values(self, value):
        options = self.queryset.model._meta
        target = options.get_field(self.to_field_name) if self.to_field_name else options.pk
        for item in value:
            if not is_key(target, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class KeysOnlySelect(KeysOnlyMixin, admin.widgets.AutocompleteSelect):
    pass


class KeysOnlySelectMultiple(KeysOnlyMixin, admin.widgets.AutocompleteSelectMultiple):
    pass


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The choices a box offers as the editor types, labelled as the box shows its value."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        return result


class AutocompleteAdminMixin:
    """For a ModelAdmin or an inline with autocomplete_fields: their boxes use the widgets above,
    and show the chosen value with the label of the choices."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", KeysOnlySelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.labelled(request, db_field, formfield)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeysOnlyMultipleChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KeysOnlySelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self.labelled(request, db_field, formfield)

    def labelled(self, request, db_field, formfield):
        if formfield is None or db_field.name not in self.get_autocomplete_fields(request):
            return formfield
        model_admin = self.admin_site._registry.get(db_field.remote_field.model)
        label = getattr(model_admin, "autocomplete_label", None)
        if label is not None:
            formfield.label_from_instance = label
        return formfield
