"""Optimistic locking: two editors saving the same admin page cannot overwrite each other.

A Versioned row counts its saves. Its admin form carries, hidden, the count the page was loaded
with; on saving, the form compares it with the stored count and refuses when someone else saved
in between. The admin saves a page in one transaction and the check locks the row (SELECT ...
FOR UPDATE) until that transaction ends, so a save cannot slip in between the check and the
write. (SQLite has no row locks: there, the later of two overlapping saves fails with "database
is locked" rather than overwrite.)

The count a form sends back is only compared, never stored: the model counts its own saves, so
a new row starts at 1 whatever the browser sends (it sends the hidden input of a new row empty).

Each field of a form carries, hidden, the value the page was loaded with. A refused form is
merged as a careful editor would: a field that only the other editor changed now shows their
value (marked), a field that both changed keeps this editor's value and shows theirs next to it,
a field that only this editor changed is left as typed; the form then stands on the stored row,
so saving it again keeps what it shows. When the other save changed none of the form's fields,
nothing is refused.

Scope: the object of a page with its inlines; each inline row is itself Versioned (the
partners, points and sessions of a workshop's page, the speakers, questions and documents of a
session's page, ...) and carries its own count and values: a row this editor left alone is not
saved, and one they changed after someone else saved it (on its own page, or on this page) is
merged like the page. Writes outside forms must count too:
save(), or update(..., version=F("version") + 1).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

CONFLICT = _(
    "Someone else saved this %(object)s while you were editing it, so it was not saved yet. "
    "Their changes are marked below: check them, then save again."
)
THEIRS = _("Changed meanwhile by someone else: their version is shown here.")
BOTH = _("Saved meanwhile as: %(value)s. Your version is kept here: saving again keeps it.")


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
        if isinstance(value, datetime.time):
            value = f"{value:%H:%M}"
    return Truncator(str(value or "")).chars(200) or _("(empty)")


def as_sent(field, value, hidden=False):
    """What a browser sends for `value` in `field`'s input (`hidden`: its hidden initial)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(item.pk) for item in value]
    if isinstance(field, forms.BooleanField):
        return [str(bool(value))] if hidden else (["on"] if value else [])
    if value is None:
        return [""]
    if isinstance(value, datetime.time) and not value.second:
        return [f"{value:%H:%M}"]
    return [str(value)]


class VersionedForm(forms.ModelForm):
    """A model form for a Versioned model that refuses to save over someone else's changes."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version" and not isinstance(field, forms.FileField):
                field.show_hidden_initial = True

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
        """Merges what someone else saved into this form (see the module's docstring), and
        refuses it if they changed any of its fields."""
        data = self.data.copy()
        stored_values = model_to_dict(stored)
        theirs_shown = False
        for name, field in self.fields.items():
            if not field.show_hidden_initial or name not in stored_values:
                continue
            bound = self[name]
            loaded = field.hidden_widget().value_from_datadict(
                self.data, self.files, bound.html_initial_name
            )
            if not field.has_changed(stored_values[name], loaded):
                continue  # they left it alone
            theirs_shown = True
            data.setlist(bound.html_initial_name, as_sent(field, stored_values[name], True))
            if name in self.changed_data:
                self.add_error(name, BOTH % {"value": displayed(stored, name)})
            else:
                data.setlist(bound.html_name, as_sent(field, stored_values[name]))
                self.add_error(name, THEIRS)
        if not theirs_shown:
            return  # their save changed nothing this form shows: nothing to overwrite
        data[self.add_prefix("version")] = str(stored.version)
        self.data = data
        raise ValidationError(
            CONFLICT, code="conflict", params={"object": stored._meta.verbose_name}
        )


class VersionedInlineForm(VersionedForm):
    """A row of an inline: saved (or deleted) only when this editor changed it, from the values
    it was loaded with: a row saved meanwhile on its own page, which this editor left alone, is
    not written back (nor refused)."""

    def will_save(self):
        return self.has_changed()


class VersionedAdminMixin:
    """For the admin (or inline) of a Versioned model: the version, hidden, goes with the form."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *others]


class VersionedInlineMixin(VersionedAdminMixin):
    """For the inline of a Versioned model: each row with its version, saved only when changed."""

    form = VersionedInlineForm
