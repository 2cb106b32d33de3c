"""What the admin pages of the content share: times as HH:MM.

Not an app's admin module: nothing here registers a model. The admins and inlines that show a
time list EditorFieldsMixin first among their bases.
"""

from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.utils.translation import gettext_lazy as _

# Said once on each page that shows dates or times (a fieldset's description), instead of
# Django's "You are N hours behind server time" under every input (hidden by admin.css).
TIME_ZONE_NOTE = _("All dates and times are Geneva time (Europe/Zurich).")


class EditorFieldsMixin:
    """For a ModelAdmin or an inline: times typed and shown as HH:MM, without a help text of
    their own (the page says once which time zone they are in)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TimeField):
            kwargs["widget"] = AdminTimeWidget(format="%H:%M")
            kwargs["help_text"] = ""
        return super().formfield_for_dbfield(db_field, request, **kwargs)
