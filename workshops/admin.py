import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from idm import page_cache
from idm.admin import (
    TIME_ZONE_NOTE,
    EditorFieldsMixin,
    LanguagesMixin,
    TranslatedContentAdmin,
    UsedChoicesFieldListFilter,
    VersionedTranslatedContentAdmin,
)
from idm.autocomplete import AutocompleteAdminMixin
from idm.languages import Shown, in_every_language
from idm.markup import footnote_references
from idm.versioning import VersionedInlineMixin
from speakers.admin import HTTPS_LINKS, WEB_ADDRESS

from .forms import (
    DocumentForm,
    InlineFormSet,
    OrderedInlineFormSet,
    SessionDocumentForm,
    SessionDocumentFormSet,
    SessionForm,
    SessionFormSet,
    WorkshopForm,
)
from .models import (
    ROMAN_NUMERALS,
    Challenge,
    DialogueYear,
    Document,
    Footnote,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
    Publication,
    PublicationCredit,
    PublicationPart,
    Section,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
    WorkshopPartner,
    agenda_order,
)


@admin.action(permissions=["delete"], description=actions.delete_selected.short_description)
@transaction.atomic
def delete_selected(modeladmin, request, queryset):
    """Django's action, for every model of the site, in one transaction: the history entries it
    writes first go too if the deletion is refused (idm.page_cache, cache unreachable)."""
    return actions.delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected)


class VersionedContentInline(LanguagesMixin, EditorFieldsMixin, VersionedInlineMixin):
    """The rows of a versioned model with texts in each language, on its parent's page."""

    extra = 0


class NumberedTextInline(VersionedContentInline, TranslationTabularInline):
    """Numbered points of a parent: objectives, key principles, challenges, questions."""

    fields = ["order", "text"]
    formset = OrderedInlineFormSet
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class StatementInline(AutocompleteAdminMixin, NumberedTextInline):
    """A workshop's objectives, key principles or challenges, with the section of its
    publication that each comes from."""

    fields = ["order", "text", "source_section"]
    autocomplete_fields = ["source_section"]


class ObjectiveInline(StatementInline):
    model = Objective


class KeyPrincipleInline(StatementInline):
    model = KeyPrinciple


class ChallengeInline(StatementInline):
    model = Challenge


class GuidingQuestionInline(NumberedTextInline):
    model = GuidingQuestion


class WorkshopPartnerInline(VersionedInlineMixin, AutocompleteAdminMixin, admin.TabularInline):
    model = WorkshopPartner
    fields = ["order", "organization", "role"]
    autocomplete_fields = ["organization"]
    formset = InlineFormSet
    extra = 0


class SessionInline(VersionedContentInline, TranslationTabularInline):
    """The agenda in brief, its titles in English; speakers, questions and the titles in French
    and Spanish are edited on each session's page (a row has no room for three titles)."""

    model = Session
    fields = ["date", "start_time", "end_time", "parallel", "kind", "number", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    formset = SessionFormSet
    show_change_link = True
    # Its "Change" links carry ?from_workshop=, for saving a session to come back here.
    template = "admin/workshops/workshop/session_inline.html"


class SessionSpeakerInline(
    VersionedContentInline, AutocompleteAdminMixin, TranslationStackedInline
):
    """Stacked, a few fields a line: the title at the time in three languages beside the rest
    would not fit a laptop's screen."""

    model = SessionSpeaker
    fields = [("order", "speaker", "role"), "title", ("organization", "on_behalf_of")]
    autocomplete_fields = ["speaker", "organization", "on_behalf_of"]
    formset = OrderedInlineFormSet


class DocumentInline(VersionedContentInline, AutocompleteAdminMixin, TranslationStackedInline):
    model = Document
    form = SessionDocumentForm
    formset = SessionDocumentFormSet
    # Stacked, a few fields a line: eight columns in a row would not fit a laptop's screen.
    fields = [
        ("title", "slug"),
        ("kind", "language", "order"),
        "file",
        "url",
        "speaker",
        "workshop",
    ]
    autocomplete_fields = ["speaker"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_LINKS


@admin.register(DialogueYear)
class DialogueYearAdmin(TranslatedContentAdmin):
    list_display = ["year", "theme"]
    search_fields = ["year", "theme"]


class StatusActionsMixin:
    """For the admin of a model with Workshop's `status`: its publish and unpublish actions."""

    def change_status(self, request, queryset, status, message):
        """Set `status` where it differs, record it in each object's history, then say how many
        with `message`, a lazy ngettext of "count".

        In one transaction: all or nothing, the history and the page cache's version included.
        """
        with transaction.atomic():
            changing = list(queryset.exclude(status=status))
            self.model.objects.filter(pk__in=[item.pk for item in changing]).update(
                status=status, version=F("version") + 1
            )
            # update() sends no post_save: the cached pages must still go.
            page_cache.content_changed()
            for item in changing:
                self.log_change(request, item, [{"changed": {"fields": ["status"]}}])
        self.message_user(request, message % {"count": len(changing)}, messages.SUCCESS)


@admin.register(Workshop)
class WorkshopAdmin(StatusActionsMixin, VersionedTranslatedContentAdmin):
    form = WorkshopForm
    list_display = ["title", "year", "start_date", "place", "kind", "status"]
    list_filter = ["status", "kind", "dialogue_year"]
    list_select_related = ["dialogue_year", "country"]
    list_per_page = 50
    search_fields = ["title", "venue", "city"]
    search_help_text = _("Search by title, venue or city.")
    date_hierarchy = "start_date"
    autocomplete_fields = ["country", "related_workshops"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "dialogue_year", "kind", "status", "summary"]}),
        (
            _("Dates and place"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    "venue",
                    "city",
                    "country",
                    "agenda_is_provisional",
                ],
                "description": TIME_ZONE_NOTE,
            },
        ),
        (
            _("Participation"),
            {
                "classes": ["collapse"],
                "fields": [
                    "participant_count",
                    "participant_country_count",
                    "participation_is_approximate",
                ],
            },
        ),
        (_("Related workshops"), {"classes": ["collapse"], "fields": ["related_workshops"]}),
        WEB_ADDRESS,
    ]
    inlines = [
        WorkshopPartnerInline,
        ObjectiveInline,
        KeyPrincipleInline,
        ChallengeInline,
        SessionInline,
    ]
    actions = ["publish", "unpublish", "duplicate_as_draft"]
    save_on_top = True
    # Rows of its page whose translations the change list's filter looks at too.
    translated_rows = ["objectives", "key_principles", "challenges"]

    class Media:
        js = ["js/admin-slug-follows-title.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On the page of a duplicated draft whose slug is still the generated one
        (Workshop.slug_is_from_duplication), the slug follows the title as on an add page."""
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "slug" in form.base_fields and obj.slug_is_from_duplication():
            form.base_fields["slug"].widget.attrs["data-follows"] = "id_title_en"
        return form

    @admin.display(description=_("IDM year"), ordering="dialogue_year__year")
    def year(self, workshop):
        return workshop.dialogue_year.year

    def autocomplete_label(self, workshop):
        """How workshop boxes (sessions, examples, documents) name it: with its year, since
        next year's edition starts as a copy with a like title."""
        return f"{workshop.title} ({workshop.start_date.year})"

    @admin.display(description=_("place"))
    def place(self, workshop):
        return ", ".join(str(part) for part in [workshop.city, workshop.country] if part)

    @admin.action(description=_("Publish the selected workshops"), permissions=["change"])
    def publish(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d workshop was published.", "%(count)d workshops were published.", "count"
        )
        self.change_status(request, queryset, Workshop.Status.PUBLISHED, message)

    @admin.action(description=_("Unpublish the selected workshops"), permissions=["change"])
    def unpublish(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d workshop was unpublished.", "%(count)d workshops were unpublished.", "count"
        )
        self.change_status(request, queryset, Workshop.Status.DRAFT, message)

    @admin.action(description=_("Duplicate as a draft for next year"), permissions=["add"])
    @transaction.atomic
    def duplicate_as_draft(self, request, queryset):
        years = {}  # the IDM years of the copies: created by the action or not
        for workshop in queryset:
            next_year = workshop.dialogue_year.year + 1
            created = not DialogueYear.objects.filter(year=next_year).exists()
            copy = workshop.duplicate_as_draft()
            years.setdefault(copy.dialogue_year, created)
            self.log_addition(request, copy, [{"added": {}}])
            url = reverse("admin:workshops_workshop_change", args=[copy.pk])
            self.message_user(
                request,
                format_html(_('Created the draft <a href="{}">{}</a>.'), url, copy),
                messages.SUCCESS,
            )
        for year, created in years.items():
            if not year.theme:
                self.message_user(request, no_theme_message(year, created), messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Opening a workshop whose IDM year has no annual theme says so, with the year's link:
        the public year page and the home page show the theme."""
        if request.method == "GET" and obj is not None and not obj.dialogue_year.theme:
            self.message_user(request, no_theme_message(obj.dialogue_year), messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)


def no_theme_message(year, created=False):
    url = reverse("admin:workshops_dialogueyear_change", args=[year.pk])
    if created:
        text = _(
            'The IDM year {year} was created without its annual theme: <a href="{url}">fill '
            "it in</a>."
        )
    else:
        text = _('The IDM year {year} has no annual theme yet: <a href="{url}">fill it in</a>.')
    return format_html(text, year=year.year, url=url)


FROM_WORKSHOP = "from_workshop"


@admin.register(Session)
class SessionAdmin(VersionedTranslatedContentAdmin):
    list_display = ["agenda_title", "workshop", "date", "time", "kind"]
    # The newest workshop first, each agenda in its order.
    ordering = ["-workshop__start_date", "workshop", "date", "start_time", "end_time", "pk"]
    list_filter = ["kind", "workshop__dialogue_year", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["title", "workshop__title"]
    search_help_text = _("Search by session or workshop title.")
    date_hierarchy = "date"
    form = SessionForm
    autocomplete_fields = ["workshop", "background_sections"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["workshop", "title", "kind", "number"]}),
        (
            _("Time"),
            {
                "fields": ["date", ("start_time", "end_time"), "parallel"],
                "description": TIME_ZONE_NOTE,
            },
        ),
        (_("Content"), {"fields": ["description", "general_discussion", "background_sections"]}),
        WEB_ADDRESS,
    ]
    inlines = [SessionSpeakerInline, GuidingQuestionInline, DocumentInline]
    save_on_top = True
    # Rows of its page whose translations the change list's filter looks at too.
    translated_rows = ["participants", "guiding_questions", "documents"]

    @admin.display(description=_("title"), ordering="title")
    def agenda_title(self, session):
        return session.full_title

    @admin.display(description=_("time"), ordering="start_time")
    def time(self, session):
        return f"{session.start_label}\N{EN DASH}{session.end_label}"

    def get_changeform_initial_data(self, request):
        """A session added from its workshop's page ("Save and add another") starts in it."""
        initial = super().get_changeform_initial_data(request)
        workshop = request.GET.get(FROM_WORKSHOP, "")
        if workshop.isdigit() and "workshop" not in initial:
            initial["workshop"] = workshop
        return initial

    def back_to_workshop(self, request, session):
        """A redirect to the admin page of the session's workshop when the session's page was
        opened from there (its sessions' "Change" links add ?from_workshop=<workshop>), else None.

        The parameter only asks: the page is the session's own workshop's, built here, and an
        editor who may not open it is not sent there.
        """
        if request.GET.get(FROM_WORKSHOP) != str(session.workshop_id):
            return None
        workshop_admin = self.admin_site._registry.get(Workshop)
        if workshop_admin is None or not workshop_admin.has_view_or_change_permission(
            request, session.workshop
        ):
            return None
        url = reverse(
            "admin:workshops_workshop_change",
            args=[session.workshop_id],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(url)

    def response_post_save_change(self, request, obj):
        """Save goes back to the workshop's page the session was opened from. (Django keeps
        the query string on "Save and continue editing" and "Save and add another".)"""
        redirect = self.back_to_workshop(request, obj)
        return redirect or super().response_post_save_change(request, obj)

    def response_post_save_add(self, request, obj):
        """A session added after "Save and add another" goes back to the workshop too."""
        redirect = self.back_to_workshop(request, obj)
        return redirect or super().response_post_save_add(request, obj)

    def autocomplete_label(self, session):
        """How the session boxes of other pages (questions, documents, examples) name it:
        "Session I: Towards… — Making Global Labour Mobility… (2007)"."""
        workshop = session.workshop
        # Translators: a session, its workshop and the workshop's year in a search box.
        return _("%(session)s — %(workshop)s (%(year)s)") % {
            "session": shortened(session.full_title, 60),
            "workshop": shortened(workshop.title, 40),
            "year": workshop.start_date.year,
        }

    def get_search_results(self, request, queryset, search_term):
        """Also finds sessions by their number as shown: "Session I", "session ii: towards".

        The rest of the term after the number is searched as usual among those sessions.
        """
        queryset = queryset.select_related("workshop")
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number, rest = session_number_search(search_term)
        if number is not None:
            numbered, duplicates = super().get_search_results(
                request, queryset.filter(number=number), rest
            )
            results = results | numbered
            may_have_duplicates = may_have_duplicates or duplicates
        return results, may_have_duplicates


def shortened(text, length):
    """`text`, or as many of its words as fit in `length` characters with an ellipsis."""
    if len(text) <= length:
        return text
    words = text[: length - 1]
    if " " in words:
        words = words.rsplit(" ", 1)[0]
    return words.rstrip(" ,.:;-—") + "…"


def shortened_cell(value, length=60):
    """A change list's cell for a long title: shortened as above, the whole of it shown when
    the pointer rests on it. A few lines of a title are enough to pick a row, and the table
    then fits a laptop's screen beside the filter."""
    if value is None:
        return None  # the list's empty value
    text = str(value)
    if len(text) <= length:
        return text
    return format_html('<span title="{}">{}</span>', text, shortened(text, length))


def session_number_search(term):
    """(number, rest of the term) for a term that starts with a session's number label as the
    current language shows it ("Session IV: Lev" gives (4, "Lev")), else (None, term)."""
    pattern = re.escape(str(_("Session %(numeral)s"))).replace(
        re.escape("%(numeral)s"), r"(?P<numeral>[ivxlc]+|\d+)\b"
    )
    match = re.match(rf"\s*{pattern}\s*:?\s*(?P<rest>.*)", term, re.IGNORECASE | re.DOTALL)
    if match is None:
        return None, term
    numeral = match["numeral"].upper()
    if numeral.isdigit():
        number = int(numeral)
    elif numeral in ROMAN_NUMERALS:
        number = ROMAN_NUMERALS.index(numeral) + 1
    else:
        return None, term
    return number, match["rest"]


@admin.register(GuidingQuestion)
class GuidingQuestionAdmin(VersionedTranslatedContentAdmin):
    list_display = ["text", "short_session", "workshop", "order"]
    # Session by session, each workshop's in the agenda's order (the model's own ordering
    # sorts by the session's id).
    ordering = [*agenda_order("session__"), "order"]
    list_filter = ["session__workshop__dialogue_year"]
    list_select_related = ["session__workshop"]
    search_fields = ["text", "session__title", "session__workshop__title"]
    search_help_text = _("Search by question, session or workshop.")
    autocomplete_fields = ["session"]
    fields = ["session", "text", "order"]

    @admin.display(description=_("session"), ordering="session")
    def short_session(self, question):
        return shortened_cell(question.session)

    @admin.display(description=_("workshop"), ordering="session__workshop")
    def workshop(self, question):
        return question.session.workshop


@admin.register(Topic)
class TopicAdmin(TranslatedContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PolicyExample)
class PolicyExampleAdmin(VersionedTranslatedContentAdmin):
    list_display = ["title", "workshop", "scope"]
    list_filter = ["scope", "topics", "workshop__dialogue_year"]
    list_select_related = ["workshop"]
    search_fields = ["title", "summary", "workshop__title"]
    search_help_text = _("Search by title, summary or workshop.")
    autocomplete_fields = [
        "workshop",
        "session",
        "countries",
        "organizations",
        "topics",
        "source_section",
        "source_footnote",
    ]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "summary", "scope", "workshop", "session"]}),
        (_("Concerns"), {"fields": ["countries", "organizations", "topics"]}),
        (
            _("Source in the workshop's publication"),
            {"fields": ["source_section", "source_footnote"]},
        ),
        WEB_ADDRESS,
    ]


@admin.register(Document)
class DocumentAdmin(VersionedTranslatedContentAdmin):
    list_display = ["short_title", "workshop", "short_session", "kind", "language", "is_online"]
    # The newest workshop first, as Document.objects.newest_first() (the model's own ordering
    # sorts by the workshop's id).
    ordering = ["-workshop__start_date", Shown("workshop__title"), *Document._meta.ordering]
    list_filter = ["kind", ("language", UsedChoicesFieldListFilter), "workshop__dialogue_year"]
    list_select_related = ["workshop", "session"]
    list_per_page = 50
    search_fields = ["title", "workshop__title", "speaker__full_name"]
    search_help_text = _("Search by title, workshop or speaker.")
    form = DocumentForm
    autocomplete_fields = ["workshop", "session", "speaker", "part"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_LINKS
    fieldsets = [
        (None, {"fields": ["title", "kind", "language", "workshop", "session", "speaker"]}),
        (_("File, link or text on this site"), {"fields": ["file", "url", "part"]}),
        (_("Position and web address"), {"classes": ["collapse"], "fields": ["order", "slug"]}),
    ]

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, document):
        return shortened_cell(document.title)

    @admin.display(description=_("session"), ordering="session")
    def short_session(self, document):
        return shortened_cell(document.session)

    @admin.display(description=_("online"), boolean=True)
    def is_online(self, document):
        return bool(document.link)


# Publications ---------------------------------------------------------------------------------


class PublicationCreditInline(VersionedContentInline, TranslationStackedInline):
    model = PublicationCredit
    # Stacked: the affiliation in three languages would not fit a laptop's screen in a row.
    fields = [("order", "role", "part"), "name", "affiliation"]
    formset = OrderedInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        """A credit of one part chooses among the parts of this publication."""
        formset = super().get_formset(request, obj, **kwargs)
        if "part" in formset.form.base_fields:
            parts = obj.parts.all() if obj is not None else PublicationPart.objects.none()
            formset.form.base_fields["part"].queryset = parts
        return formset


class PublicationPartInline(VersionedContentInline, TranslationTabularInline):
    """The parts in brief: their sections and notes are edited on each part's page."""

    model = PublicationPart
    fields = ["order", "kind", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    formset = OrderedInlineFormSet
    show_change_link = True


@admin.register(Publication)
class PublicationAdmin(StatusActionsMixin, VersionedTranslatedContentAdmin):
    list_display = ["__str__", "workshop", "year", "status"]
    list_filter = ["status", "workshop__dialogue_year"]
    list_select_related = ["workshop"]
    search_fields = ["title", "series", "number", "workshop__title"]
    search_help_text = _("Search by title, series, number or workshop.")
    autocomplete_fields = ["workshop"]
    fieldsets = [
        (None, {"fields": ["workshop", "title", "status"]}),
        (
            _("As the publication states it"),
            {
                "fields": ["series", "number", "year", "publisher", "isbn"],
                "description": _("Leave empty what the publication does not say."),
            },
        ),
        (_("Web address"), {"fields": ["slug"]}),
    ]
    inlines = [PublicationCreditInline, PublicationPartInline]
    # The filter of what lacks a translation looks in them too.
    translated_rows = ["credits", "parts"]
    actions = ["publish", "unpublish"]
    save_on_top = True

    def autocomplete_label(self, publication):
        return f"{publication} — {shortened(publication.workshop.title, 40)}"

    @admin.action(description=_("Publish the selected publications"), permissions=["change"])
    def publish(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d publication was published.",
            "%(count)d publications were published.",
            "count",
        )
        self.change_status(request, queryset, Workshop.Status.PUBLISHED, message)

    @admin.action(description=_("Unpublish the selected publications"), permissions=["change"])
    def unpublish(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d publication was unpublished.",
            "%(count)d publications were unpublished.",
            "count",
        )
        self.change_status(request, queryset, Workshop.Status.DRAFT, message)


class SectionInline(VersionedContentInline, TranslationStackedInline):
    model = Section
    fields = [("order", "level"), ("heading", "anchor"), "body"]
    prepopulated_fields = {"anchor": ["heading"]}
    formset = OrderedInlineFormSet
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 8})}}


class FootnoteInline(VersionedContentInline, TranslationTabularInline):
    model = Footnote
    fields = ["number", "body"]
    formset = InlineFormSet
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


def warn_of_missing_notes(model_admin, request, part, sections):
    """A warning for each reference of `sections` to a note that their `part` does not have, in
    the text of any language."""
    numbers = set(part.footnotes.values_list("number", flat=True))
    message = _("The section “{section}” refers to note {number}, which this part does not have.")
    for section in sections:
        bodies = [getattr(section, name) for name in in_every_language(Section, "body")]
        references = dict.fromkeys(n for body in bodies for n in footnote_references(body))
        for number in references:
            if number not in numbers:
                warning = format_html(message, section=section, number=number)
                model_admin.message_user(request, warning, messages.WARNING)


@admin.register(PublicationPart)
class PublicationPartAdmin(VersionedTranslatedContentAdmin):
    list_display = ["title", "publication", "workshop", "kind", "order"]
    list_filter = ["kind", "publication__workshop__dialogue_year"]
    list_select_related = ["publication__workshop"]
    search_fields = ["title", "publication__title", "publication__workshop__title"]
    search_help_text = _("Search by title, publication or workshop.")
    autocomplete_fields = ["publication"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["publication", "kind", "title", "order"]}),
        WEB_ADDRESS,
    ]
    inlines = [SectionInline, FootnoteInline]
    translated_rows = ["sections", "footnotes"]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication__workshop")

    @admin.display(description=_("workshop"), ordering="publication__workshop")
    def workshop(self, part):
        return part.publication.workshop

    def autocomplete_label(self, part):
        return f"{part.title} — {part.publication} ({part.publication.workshop.start_date.year})"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_of_missing_notes(self, request, form.instance, form.instance.sections.all())


@admin.register(Section)
class SectionAdmin(VersionedTranslatedContentAdmin):
    list_display = ["__str__", "part", "level", "order"]
    list_filter = ["part__kind", "part__publication__workshop__dialogue_year"]
    list_select_related = ["part__publication__workshop"]
    search_fields = ["heading", "body", "part__title"]
    search_help_text = _("Search by heading, text or part.")
    autocomplete_fields = ["part"]
    prepopulated_fields = {"anchor": ["heading"]}
    fields = ["part", ("order", "level"), ("heading", "anchor"), "body"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 16})}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("part__publication__workshop")

    def autocomplete_label(self, section):
        """How the section boxes (points, examples, sessions) name it: with its part and
        workshop."""
        part = section.part
        return _("%(section)s — %(part)s, %(workshop)s (%(year)s)") % {
            "section": shortened(str(section), 50),
            "part": shortened(part.title, 30),
            "workshop": shortened(part.publication.workshop.title, 30),
            "year": part.publication.workshop.start_date.year,
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_of_missing_notes(self, request, obj.part, [obj])


@admin.register(Footnote)
class FootnoteAdmin(VersionedTranslatedContentAdmin):
    list_display = ["__str__", "part", "short_body"]
    list_select_related = ["part__publication__workshop"]
    search_fields = ["body", "part__title"]
    search_help_text = _("Search by text or part.")
    autocomplete_fields = ["part"]
    fields = ["part", "number", "body"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("part__publication__workshop")

    @admin.display(description=_("text"))
    def short_body(self, note):
        return shortened_cell(note.body)

    def autocomplete_label(self, note):
        part = note.part
        return _("%(note)s — %(part)s, %(workshop)s (%(year)s)") % {
            "note": note,
            "part": shortened(part.title, 30),
            "workshop": shortened(part.publication.workshop.title, 30),
            "year": part.publication.workshop.start_date.year,
        }
