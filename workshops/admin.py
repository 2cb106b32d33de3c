from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idm import page_cache
from idm.admin import TIME_ZONE_NOTE, EditorFieldsMixin
from idm.autocomplete import AutocompleteAdminMixin
from idm.versioning import VersionedAdminMixin, VersionedInlineForm
from speakers.admin import HTTPS_LINKS, WEB_ADDRESS

from .forms import (
    DocumentForm,
    InlineFormSet,
    OrderedInlineFormSet,
    SessionDocumentForm,
    SessionDocumentFormSet,
    SessionFormSet,
    WorkshopForm,
)
from .models import (
    Challenge,
    DialogueYear,
    Document,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
    WorkshopPartner,
)


@admin.action(permissions=["delete"], description=actions.delete_selected.short_description)
@transaction.atomic
def delete_selected(modeladmin, request, queryset):
    """Django's action, for every model of the site, in one transaction: the history entries it
    writes first go too if the deletion is refused (idm.page_cache, cache unreachable)."""
    return actions.delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected)


class NumberedTextInline(admin.TabularInline):
    """Numbered points of a parent: objectives, key principles, challenges, questions."""

    fields = ["order", "text"]
    formset = OrderedInlineFormSet
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    extra = 0


class ObjectiveInline(NumberedTextInline):
    model = Objective


class KeyPrincipleInline(NumberedTextInline):
    model = KeyPrinciple


class ChallengeInline(NumberedTextInline):
    model = Challenge


class GuidingQuestionInline(VersionedAdminMixin, NumberedTextInline):
    model = GuidingQuestion
    form = VersionedInlineForm


class WorkshopPartnerInline(AutocompleteAdminMixin, admin.TabularInline):
    model = WorkshopPartner
    fields = ["order", "organization", "role"]
    autocomplete_fields = ["organization"]
    formset = InlineFormSet
    extra = 0


class SessionInline(EditorFieldsMixin, VersionedAdminMixin, admin.TabularInline):
    """The agenda in brief; speakers and questions are edited on each session's page."""

    model = Session
    form = VersionedInlineForm
    fields = ["order", "date", "start_time", "end_time", "kind", "number", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    formset = SessionFormSet
    show_change_link = True
    extra = 0


class SessionSpeakerInline(AutocompleteAdminMixin, admin.TabularInline):
    model = SessionSpeaker
    fields = ["order", "speaker", "role", "title", "organization", "on_behalf_of"]
    autocomplete_fields = ["speaker", "organization", "on_behalf_of"]
    formset = OrderedInlineFormSet
    extra = 0


class DocumentInline(
    EditorFieldsMixin, AutocompleteAdminMixin, VersionedAdminMixin, admin.StackedInline
):
    model = Document
    form = SessionDocumentForm
    formset = SessionDocumentFormSet
    # Stacked, a few fields a line: eight columns in a row would not fit a laptop's screen.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "slug"),
                    ("kind", "language", "order"),
                    "file",
                    "url",
                    "speaker",
                    "workshop",
                ]
            },
        )
    ]
    autocomplete_fields = ["speaker"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_LINKS
    extra = 0


@admin.register(DialogueYear)
class DialogueYearAdmin(admin.ModelAdmin):
    list_display = ["year", "theme"]
    search_fields = ["year", "theme"]


@admin.register(Workshop)
class WorkshopAdmin(AutocompleteAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
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
                "fields": [("start_date", "end_date"), "venue", "city", "country"],
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

    @admin.display(description=_("IDM year"), ordering="dialogue_year__year")
    def year(self, workshop):
        return workshop.dialogue_year.year

    @admin.display(description=_("place"))
    def place(self, workshop):
        return ", ".join(str(part) for part in [workshop.city, workshop.country] if part)

    @admin.action(description=_("Publish the selected workshops"), permissions=["change"])
    def publish(self, request, queryset):
        count = self.change_status(request, queryset, Workshop.Status.PUBLISHED)
        message = ngettext(
            "%(count)d workshop was published.", "%(count)d workshops were published.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected workshops"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self.change_status(request, queryset, Workshop.Status.DRAFT)
        message = ngettext(
            "%(count)d workshop was unpublished.", "%(count)d workshops were unpublished.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @transaction.atomic
    def change_status(self, request, queryset, status):
        """Set `status` where it differs, record it in each workshop's history, return how many.

        In one transaction: all or nothing, the history and the page cache's version included.
        """
        changing = list(queryset.exclude(status=status))
        Workshop.objects.filter(pk__in=[workshop.pk for workshop in changing]).update(
            status=status, version=F("version") + 1
        )
        # update() sends no post_save: the cached pages must still go.
        page_cache.content_changed()
        for workshop in changing:
            self.log_change(request, workshop, [{"changed": {"fields": ["status"]}}])
        return len(changing)

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


@admin.register(Session)
class SessionAdmin(
    EditorFieldsMixin, AutocompleteAdminMixin, VersionedAdminMixin, admin.ModelAdmin
):
    list_display = ["agenda_title", "workshop", "date", "time", "kind", "order"]
    list_filter = ["kind", "workshop__dialogue_year", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["title", "workshop__title"]
    search_help_text = _("Search by session or workshop title.")
    date_hierarchy = "date"
    autocomplete_fields = ["workshop"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["workshop", "title", "kind", "number", "order"]}),
        (
            _("Time"),
            {"fields": ["date", ("start_time", "end_time")], "description": TIME_ZONE_NOTE},
        ),
        (_("Content"), {"fields": ["description", "general_discussion"]}),
        WEB_ADDRESS,
    ]
    inlines = [SessionSpeakerInline, GuidingQuestionInline, DocumentInline]
    save_on_top = True

    @admin.display(description=_("title"), ordering="title")
    def agenda_title(self, session):
        return session.full_title

    @admin.display(description=_("time"), ordering="start_time")
    def time(self, session):
        return f"{session.start_label}\N{EN DASH}{session.end_label}"


@admin.register(GuidingQuestion)
class GuidingQuestionAdmin(AutocompleteAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["text", "session", "workshop", "order"]
    list_filter = ["session__workshop__dialogue_year"]
    list_select_related = ["session__workshop"]
    search_fields = ["text", "session__title", "session__workshop__title"]
    search_help_text = _("Search by question, session or workshop.")
    autocomplete_fields = ["session"]
    fields = ["session", "text", "order"]

    @admin.display(description=_("workshop"), ordering="session__workshop")
    def workshop(self, question):
        return question.session.workshop


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PolicyExample)
class PolicyExampleAdmin(AutocompleteAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "workshop", "scope"]
    list_filter = ["scope", "topics", "workshop__dialogue_year"]
    list_select_related = ["workshop"]
    search_fields = ["title", "summary", "workshop__title"]
    search_help_text = _("Search by title, summary or workshop.")
    autocomplete_fields = ["workshop", "session", "countries", "organizations", "topics"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "summary", "scope", "workshop", "session"]}),
        (_("Concerns"), {"fields": ["countries", "organizations", "topics"]}),
        WEB_ADDRESS,
    ]


@admin.register(Document)
class DocumentAdmin(
    EditorFieldsMixin, AutocompleteAdminMixin, VersionedAdminMixin, admin.ModelAdmin
):
    list_display = ["title", "workshop", "session", "kind", "language", "is_online"]
    list_filter = ["kind", "language", "workshop__dialogue_year"]
    list_select_related = ["workshop", "session"]
    list_per_page = 50
    search_fields = ["title", "workshop__title", "speaker__full_name"]
    search_help_text = _("Search by title, workshop or speaker.")
    form = DocumentForm
    autocomplete_fields = ["workshop", "session", "speaker"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_LINKS
    fieldsets = [
        (None, {"fields": ["title", "kind", "language", "workshop", "session", "speaker"]}),
        (_("File or link"), {"fields": ["file", "url"]}),
        (_("Position and web address"), {"classes": ["collapse"], "fields": ["order", "slug"]}),
    ]

    @admin.display(description=_("online"), boolean=True)
    def is_online(self, document):
        return bool(document.link)
