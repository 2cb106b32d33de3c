"""Optimistic locking: two editors saving the same admin page cannot overwrite each other.

A Versioned row counts its saves. Its admin form carries, hidden, the count the page was loaded
with; on saving, the form compares it with the stored count and refuses with a form error when
someone else saved in between. The admin saves a page in one transaction and the check locks
the row (SELECT ... FOR UPDATE) until that transaction ends, so a save cannot slip in between
the check and the write. (SQLite has no row locks: there, the later of two overlapping saves
fails with "database is locked" rather than overwrite.)

Scope. Two editors on the same page: the object's version covers the whole page, inlines
included (they are saved with it). The sessions on a workshop's page against the session's own
page: each row carries its session's version too. Not covered: a row of another inline (a
guiding question, a document) saved on its own page while a page showing it in an inline is
open. Writes outside forms must count too: save(), or update(..., version=F("version") + 1).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CONFLICT = _(
    "Someone else saved this %(object)s while you were editing it. Reload the page to see "
    "their changes; your changes were not saved."
)


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class VersionField(forms.IntegerField):
    """The version a page was loaded with, sent back with the form. Not required: rows added
    to an inline in the browser may come without it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        # A stale version is no change of the editor's: an inline must not save its row for it.
        return False


class VersionedForm(forms.ModelForm):
    """A model form for a Versioned model that refuses to save over someone else's changes."""

    version = VersionField()

    def will_save(self):
        """The admin saves the object of a page every time, changed or not."""
        return True

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if not instance._state.adding and self.will_save():
            stored = (
                type(instance)
                ._base_manager.select_for_update()
                .filter(pk=instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned_data.get("version") != stored:
                raise ValidationError(
                    CONFLICT, code="conflict", params={"object": instance._meta.verbose_name}
                )
        return cleaned_data


class VersionedInlineForm(VersionedForm):
    def will_save(self):
        """An inline saves (or deletes) a row only when the data sent differ from the stored."""
        return self.has_changed()


class VersionedAdminMixin:
    """For the admin (or inline) of a Versioned model: the version, hidden, goes with the form."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *others]
