"""The editors' admin site: Django's, with change lists that answer any query string and
autocomplete choices labelled as their boxes show them."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from idm.autocomplete import LabelledAutocompleteJsonView


class CalendarSafeChangeList(ChangeList):
    """A date-hierarchy value outside the calendar (a year of 10^20, a 13th month, or 9999,
    whose next year does not exist) is a bad lookup like any other: the list answers with its
    error note instead of a server error."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class CalendarSafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return CalendarSafeChangeList


class EditorsAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin, the project's and other apps' alike, gets the change list above."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CalendarSafeChangeListMixin):
            admin_class = type(admin_class.__name__, (CalendarSafeChangeListMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class EditorsAdminConfig(AdminConfig):
    default_site = "idm.admin.EditorsAdminSite"
