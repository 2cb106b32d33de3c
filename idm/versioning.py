"""Optimistic locking: two editors saving the same admin page cannot overwrite each other.

A Versioned row counts its saves. Its admin form carries, hidden, the count the page was loaded
with; on saving, the form compares it with the stored count and refuses when someone else saved
in between. The admin saves a page in one transaction and the check locks the row (SELECT ...
FOR UPDATE) until that transaction ends, so a save cannot slip in between the check and the
write. (SQLite has no row locks: there, the later of two overlapping saves fails with "database
is locked" rather than overwrite.)

The count a form sends back is only compared, never stored: the model counts its own saves, so
a new row starts at 1 whatever the browser sends (it sends the hidden input of a new row empty).

A refused form keeps what the editor typed, marks each field that differs from the stored
version with the stored value, and carries the stored count from then on: saving it again is a
deliberate choice to keep this editor's version.

Scope: the object of a page with its inlines; each inline row that is itself Versioned (the
sessions of a workshop's page, the questions and documents of a session's page) carries its own
count and the values it was loaded with: a row this editor left alone is not saved, and one they
changed after it was saved meanwhile on its own page is refused like the page. Writes
outside forms must count too: save(), or update(..., version=F("version") + 1).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

CONFLICT = _(
    "Someone else saved this %(object)s while you were editing it; your changes were not "
    "saved. The fields marked below differ from their version: check them, then save again "
    "to keep yours."
)
STORED_VALUE = _("Saved meanwhile as: %(value)s")


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class VersionField(forms.IntegerField):
    """The version a page was loaded with, sent back with the form: empty for a new row."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        # A stale version is no change of the editor's: an inline must not save its row for it.
        return False


def displayed(instance, name):
    """A stored field's value as an editor reads it."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        value = ", ".join(str(item) for item in getattr(instance, name).all())
    elif field.choices:
        value = getattr(instance, f"get_{name}_display")()
    else:
        value = getattr(instance, name)
    return Truncator(str(value or "")).chars(200) or _("(empty)")


class VersionedForm(forms.ModelForm):
    """A model form for a Versioned model that refuses to save over someone else's changes."""

    version = VersionField()

    def will_save(self):
        """The admin saves the object of a page every time, changed or not."""
        return True

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.pop("version", None)  # never copied onto the instance
        instance = self.instance
        if instance._state.adding or not self.will_save():
            return cleaned_data
        stored = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
        if stored is not None and loaded != stored.version:
            self.refuse(stored)
        return cleaned_data

    def refuse(self, stored):
        """Marks what differs from the stored row; the next save of this form may overwrite it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stored.version
        stored_values = model_to_dict(stored)
        for name, field in self.fields.items():
            if name not in stored_values or name == "version":
                continue
            if field.has_changed(stored_values[name], self[name].data):
                self.add_error(name, STORED_VALUE % {"value": displayed(stored, name)})
        raise ValidationError(
            CONFLICT, code="conflict", params={"object": stored._meta.verbose_name}
        )


class VersionedInlineForm(VersionedForm):
    """A row of an inline: saved (or deleted) only when this editor changed it.

    Each field carries, hidden, the value the page was loaded with, and "changed" means changed
    from that, not from the row as stored now: a row saved meanwhile on its own page, which this
    editor left alone, is not written back (nor refused).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version" and not isinstance(field, forms.FileField):
                field.show_hidden_initial = True

    def will_save(self):
        return self.has_changed()


class VersionedAdminMixin:
    """For the admin (or inline) of a Versioned model: the version, hidden, goes with the form."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *others]
