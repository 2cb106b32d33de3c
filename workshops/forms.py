"""Admin forms and inline formsets: the checks that Django leaves out of them."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from idm.versioning import VersionedForm, VersionedInlineForm

from .models import Document, Workshop, overlap, overlap_error


def is_deleted(form):
    return form.cleaned_data.get(DELETION_FIELD_NAME, False)


def flag_duplicates(forms, field, message):
    counts = Counter(form.cleaned_data[field] for form in forms)
    for form in forms:
        value = form.cleaned_data[field]
        if value is not None and counts[value] > 1:
            form.add_error(field, message % {"value": value})


class InlineFormSet(BaseInlineFormSet):
    """Checks each changed row against the database constraints that involve its parent.

    Django skips them on inline forms (the parent may not be saved yet), so a row taking a
    number or slug that another row holds would fail mid-save. Positions are left out: their
    constraint is deferred, and OrderedInlineFormSet checks them across the rows.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.is_valid() and form.has_changed() and not is_deleted(form):
                try:
                    form.instance.validate_constraints(exclude={"order"})
                except ValidationError as error:
                    form.add_error(None, error)

    def get_unique_error_message(self, unique_check):
        """Names the fields as the rows label them, in the page's language: Django gives their
        code names ("speaker et role" in French)."""
        fields = [name for name in unique_check if name != self.fk.name]
        return super().get_unique_error_message(
            [self.model._meta.get_field(name).verbose_name for name in fields]
        )

    def kept_rows(self, *fields):
        """The rows that will exist after saving, where all of `fields` are valid."""
        return [
            form
            for form in self.forms
            if all(field in form.cleaned_data for field in fields) and not is_deleted(form)
        ]


def fill_empty_positions(rows, after=0):
    """Gives the rows whose position was left empty the next ones, after the rows' last and
    `after`."""
    next_free = 1 + max([after, *(form.cleaned_data["order"] or 0 for form in rows)])
    for form in rows:
        if form.cleaned_data["order"] is None:
            form.cleaned_data["order"] = form.instance.order = next_free
            next_free += 1


def leave_position_empty(form):
    """The position may be left empty, to be filled in as the next one; a new row's starts
    empty, not at the model's default (a document's 0)."""
    form.fields["order"].required = False
    form.fields["order"].help_text = _("Leave empty to put it last.")
    if form.instance._state.adding and not form.initial.get("order"):
        form.initial["order"] = None


class OrderedInlineFormSet(InlineFormSet):
    """Rows with a position unique within their parent; a position left empty means last.

    The unique constraint is deferred on PostgreSQL, so that one save may swap two positions,
    and absent on SQLite, which cannot defer it: the rows of the formset are checked here.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        leave_position_empty(form)

    def clean(self):
        rows = self.kept_rows("order")
        fill_empty_positions(rows)
        flag_duplicates(rows, "order", _("Another item also has position %(value)s."))
        super().clean()


class SessionFormSet(InlineFormSet):
    """A workshop's agenda: numbers unique, and no two items at the same time by accident.

    Overlaps are checked across the rows as they will be after saving (changed, unchanged and
    new rows, not the deleted ones), so that one save may swap two sessions' times or move one
    out of another's way; each row's own check against the stored agenda is left out.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.instance.check_overlaps = False

    def clean(self):
        rows = self.kept_rows("number")
        flag_duplicates(rows, "number", _("Another session also has number %(value)s."))
        self.flag_overlaps()
        super().clean()

    def flag_overlaps(self):
        forms = {
            id(form.instance): form
            for form in self.kept_rows("date", "start_time", "end_time")
            if form.instance.start_time < form.instance.end_time
        }
        rows = [form.instance for form in forms.values()]
        in_forms = {form.instance.pk for form in self.forms if form.instance.pk is not None}
        # Items stored since the page was loaded have no row: they stay as they are.
        rows += [session for session in self.get_queryset() if session.pk not in in_forms]
        for index, session in enumerate(rows):
            for other in rows[index + 1 :]:
                if overlap(session, other):
                    for row, named in [(session, other), (other, session)]:
                        if id(row) in forms:
                            forms[id(row)].add_error("start_time", overlap_error(named))


class SessionDocumentForm(VersionedInlineForm):
    """A document added on a session's page belongs to the session's workshop."""

    workshop = forms.ModelChoiceField(
        Workshop.objects.all(), disabled=True, widget=forms.HiddenInput
    )


def last_document_position(workshop, leaving_out=()):
    """The highest position of the workshop's documents but those given by key, 0 for none.

    Documents are numbered across their workshop (the session's, the session page's and the
    workshop's lists follow that order), and the model's default is 0: a new document with its
    position left empty goes after the others instead, as new rows of the other lists do.
    """
    if workshop is None:
        return 0
    documents = Document.objects.filter(workshop=workshop).exclude(pk__in=leaving_out)
    return documents.aggregate(last=Max("order"))["last"] or 0


class SessionDocumentFormSet(BaseInlineFormSet):
    """The documents of a session's page; a position left empty is the next in the workshop.

    Positions may repeat (the model allows it, and older rows all had 0): no check for it.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.initial["workshop"] = self.instance.workshop_id
        leave_position_empty(form)

    def clean(self):
        super().clean()
        rows = [form for form in self.forms if "order" in form.cleaned_data]
        kept = [form for form in rows if not is_deleted(form)]
        saved = [form.instance.pk for form in rows if form.instance.pk]
        last = last_document_position(self.instance.workshop_id, leaving_out=saved)
        fill_empty_positions(kept, after=last)


class DocumentForm(VersionedForm):
    """A document's own page: a position left empty is the next in the chosen workshop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            leave_position_empty(self)

    def clean(self):
        cleaned_data = super().clean()
        if "order" in cleaned_data and cleaned_data["order"] is None:
            workshop = cleaned_data.get("workshop")
            leaving_out = [self.instance.pk] if self.instance.pk else []
            cleaned_data["order"] = last_document_position(workshop, leaving_out) + 1
        return cleaned_data


class WorkshopForm(VersionedForm):
    def clean_related_workshops(self):
        related = self.cleaned_data["related_workshops"]
        if self.instance.pk and any(workshop.pk == self.instance.pk for workshop in related):
            raise ValidationError(_("A workshop cannot be related to itself."), code="self")
        return related


class SessionForm(VersionedForm):
    def clean(self):
        cleaned_data = super().clean()
        workshop = cleaned_data.get("workshop")
        sections = cleaned_data.get("background_sections")
        if workshop and sections and sections.exclude(part__publication__workshop=workshop):
            self.add_error(
                "background_sections",
                _("Choose sections of a publication of the session's workshop."),
            )
        return cleaned_data
