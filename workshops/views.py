from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from speakers.models import Organization

from .filters import GuidingQuestionFilter, PolicyExampleFilter
from .models import (
    DialogueYear,
    Document,
    GuidingQuestion,
    PolicyExample,
    Session,
    SessionSpeaker,
    Workshop,
    WorkshopPartner,
)


def can_preview_drafts(user):
    return user.has_perm("workshops.change_workshop")


class DraftPreviewMixin:
    """Public views show published content; editors may preview drafts, never cached."""

    def base_queryset(self):
        queryset = self.model.objects.all()
        if can_preview_drafts(self.request.user):
            return queryset
        return queryset.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        workshop = getattr(self.object, "workshop", self.object)
        if not workshop.is_published:
            add_never_cache_headers(response)
        return response


def participants_prefetch(lookup="participants"):
    return Prefetch(
        lookup,
        queryset=SessionSpeaker.objects.select_related("speaker", "organization", "on_behalf_of"),
    )


def published_workshops_prefetch():
    return Prefetch(
        "workshops",
        queryset=Workshop.objects.published().select_related("country"),
        to_attr="published_workshops",
    )


def by_day(sessions):
    return [(day, list(items)) for day, items in groupby(sessions, lambda s: s.date)]


def running_now(sessions):
    now = timezone.localtime()
    return next((session for session in sessions if session.is_running_at(now)), None)


class HomeView(ListView):
    """The IDM series by year and annual theme, each year with its published workshops."""

    template_name = "workshops/home.html"
    context_object_name = "years"
    paginate_by = 10

    def get_queryset(self):
        return (
            DialogueYear.objects.filter(workshops__in=Workshop.objects.published())
            .distinct()
            .prefetch_related(published_workshops_prefetch())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming_workshops"] = (
            Workshop.objects.published()
            .filter(end_date__gte=timezone.localdate())
            .select_related("country")
            .order_by("start_date")[:10]
        )
        return context


class DialogueYearDetailView(DetailView):
    template_name = "workshops/year_detail.html"
    context_object_name = "dialogue_year"
    slug_field = "year"
    slug_url_kwarg = "year"

    def get_queryset(self):
        return (
            DialogueYear.objects.filter(workshops__in=Workshop.objects.published())
            .distinct()
            .prefetch_related(published_workshops_prefetch())
        )


class WorkshopDetailView(DraftPreviewMixin, DetailView):
    model = Workshop
    template_name = "workshops/workshop_detail.html"

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related("dialogue_year", "country")
            .prefetch_related(
                "objectives",
                "key_principles",
                "challenges",
                Prefetch(
                    "workshoppartner_set",
                    queryset=WorkshopPartner.objects.select_related("organization"),
                    to_attr="partner_roles",
                ),
                Prefetch(
                    "sessions",
                    queryset=Session.objects.prefetch_related(participants_prefetch()),
                    to_attr="agenda",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agenda = self.object.agenda
        context["days"] = by_day(agenda)
        context["current_session"] = running_now(agenda)
        return context


class SessionDetailView(DraftPreviewMixin, DetailView):
    model = Session
    template_name = "workshops/session_detail.html"

    def get_queryset(self):
        return (
            self.base_queryset()
            .filter(workshop__slug=self.kwargs["workshop_slug"])
            .select_related("workshop")
            .prefetch_related(
                participants_prefetch(),
                "guiding_questions",
                Prefetch("documents", queryset=Document.objects.select_related("speaker")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        siblings = Session.objects.filter(workshop=self.object.workshop_id)
        context["previous_session"] = (
            siblings.filter(order__lt=self.object.order).order_by("-order").first()
        )
        context["next_session"] = siblings.filter(order__gt=self.object.order).first()
        return context


class PolicyExampleDetailView(DraftPreviewMixin, DetailView):
    model = PolicyExample
    template_name = "workshops/policyexample_detail.html"

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related("workshop", "session")
            .prefetch_related(
                "countries",
                "topics",
                Prefetch("organizations", queryset=Organization.objects.select_related("country")),
            )
        )


class PaginatedFilterView(FilterView):
    paginate_by = 20


class PolicyExampleListView(PaginatedFilterView):
    filterset_class = PolicyExampleFilter
    template_name = "workshops/policyexample_list.html"

    def get_queryset(self):
        return (
            PolicyExample.objects.published()
            .select_related("workshop")
            .prefetch_related("countries", "topics")
        )


class GuidingQuestionListView(PaginatedFilterView):
    filterset_class = GuidingQuestionFilter
    template_name = "workshops/guidingquestion_list.html"

    def get_queryset(self):
        return (
            GuidingQuestion.objects.published()
            .select_related("session__workshop")
            .order_by("-session__workshop__start_date", "session__order", "order")
        )


class MyAgendaView(TemplateView):
    """The sessions a participant starred, kept in their browser and sent as ?s=<id>&s=<id>."""

    template_name = "workshops/my_agenda.html"
    max_sessions = 200

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requested = list(dict.fromkeys(self.request.GET.getlist("s")))[: self.max_sessions]
        ids = {int(value) for value in requested if value.isdigit() and len(value) < 10}
        sessions = list(
            Session.objects.published()
            .filter(pk__in=ids)
            .select_related("workshop")
            .prefetch_related(participants_prefetch())
            .order_by("workshop__start_date", "workshop__title", "order")
        )
        context["workshops"] = [
            (workshop, by_day(items))
            for workshop, items in groupby(sessions, lambda session: session.workshop)
        ]
        context["current_session"] = running_now(sessions)
        context["requested_count"] = len(requested)
        context["missing_count"] = len(requested) - len(sessions)
        return context
