import datetime
import re
from itertools import groupby

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from idm import page_cache
from idm.languages import Shown
from idm.links import slug_url
from idm.markup import footnote_references
from idm.pagination import MAX_COUNT, GroupedPaginator
from idm.views import DraftPreviewMixin, PaginatedFilterView
from speakers.models import Organization, Speaker

from . import exports
from .filters import GuidingQuestionFilter, PolicyExampleFilter
from .models import (
    Challenge,
    DialogueYear,
    Document,
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
    Workshop,
)
from .search import SearchForm, search


def participants_prefetch():
    return Prefetch(
        "participants",
        queryset=SessionSpeaker.objects.select_related("speaker", "organization", "on_behalf_of"),
    )


def workshops_prefetch(workshops):
    """A year's `workshops`, as its cards show them."""
    return Prefetch(
        "workshops", queryset=workshops.select_related("country"), to_attr="shown_workshops"
    )


def agenda_sessions():
    """Published sessions with what an agenda line, a calendar or a schedule shows of them."""
    return (
        Session.objects.published()
        .select_related("workshop__country")
        .prefetch_related(participants_prefetch())
        # Each workshop's agenda by date and time: Session's default ordering.
        .order_by("workshop__start_date", Shown("workshop__title"), *Session._meta.ordering)
    )


def by_day(sessions):
    return [(day, list(items)) for day, items in groupby(sessions, lambda s: s.date)]


def running_now(sessions):
    now = timezone.localtime()
    return next((session for session in sessions if session.is_running_at(now)), None)


def now_and_next(workshop, agenda):
    """During the workshop's days, the item of its agenda running now and the next one to
    start, for the line at the top of its page; None on other days or when both are None."""
    now = timezone.localtime()
    if not workshop.start_date <= now.date() <= workshop.end_date:
        return None
    running = running_now(agenda)
    upcoming = next((session for session in agenda if session.starts_at > now), None)
    if running is None and upcoming is None:
        return None
    next_is_today = upcoming is not None and upcoming.date == now.date()
    return {"now": running, "next": upcoming, "next_is_today": next_is_today}


def documents_by_session(documents, agenda):
    """(session, its documents) in the agenda's order, after (None, the workshop's own)."""
    by_session = {}
    for document in documents:
        by_session.setdefault(document.session_id, []).append(document)
    groups = [(None, by_session[None])] if None in by_session else []
    return groups + [
        (session, by_session[session.pk]) for session in agenda if session.pk in by_session
    ]


def next_midnight():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), timezone.get_current_timezone())


def next_agenda_change(sessions):
    """When the session running now may change: the next start or end today, else midnight."""
    now = timezone.localtime()
    moments = [
        datetime.datetime.combine(now.date(), moment, now.tzinfo)
        for session in sessions
        if session.date == now.date()
        for moment in (session.start_time, session.end_time)
    ]
    return min((moment for moment in moments if moment > now), default=next_midnight())


class CurrentUntilMixin:
    """A page that shows what is current: the page cache keeps it until context["current_until"]."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        page_cache.keep_until(response, context["current_until"])
        return response


class HomeView(CurrentUntilMixin, ListView):
    """The IDM series by year and annual theme, each year with its published workshops."""

    template_name = "workshops/home.html"
    context_object_name = "years"
    paginate_by = 10
    query_parameters = ("page",)

    def get_queryset(self):
        return DialogueYear.objects.published().prefetch_related(
            workshops_prefetch(Workshop.objects.published())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming_workshops"] = (
            Workshop.objects.published()
            .filter(end_date__gte=timezone.localdate())
            .select_related("country")
            .order_by("start_date")[:10]
        )
        context["current_until"] = next_midnight()
        return context


class DialogueYearDetailView(DraftPreviewMixin, DetailView):
    model = DialogueYear
    template_name = "workshops/year_detail.html"
    context_object_name = "dialogue_year"
    slug_field = "year"
    slug_url_kwarg = "year"

    def get_queryset(self):
        workshops = self.shown(Workshop.objects.all())
        return self.base_queryset().prefetch_related(workshops_prefetch(workshops))


# What a link to a section, a note or a text of a publication needs to write its address.
PART_LINK = "part__publication__workshop"


class WorkshopDetailView(CurrentUntilMixin, DraftPreviewMixin, DetailView):
    model = Workshop

    def get_queryset(self):
        """The workshop's publications are listed, with their parts, never their texts."""
        return (
            self.base_queryset()
            .select_related("dialogue_year", "country")
            .with_overview(sources=True)
            .prefetch_related(
                Prefetch(
                    "sessions",
                    # In the agenda's order, the model's own.
                    queryset=Session.objects.prefetch_related(participants_prefetch()).annotate(
                        has_questions=Exists(GuidingQuestion.objects.filter(session=OuterRef("pk")))
                    ),
                    to_attr="agenda",
                ),
                Prefetch(
                    "publications",
                    queryset=self.shown(Publication.objects.all()).prefetch_related("parts"),
                    to_attr="shown_publications",
                ),
                # Those that are a text of a publication are listed as its parts.
                Prefetch(
                    "documents",
                    queryset=Document.objects.filter(part__isnull=True),
                    to_attr="other_documents",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agenda = self.object.agenda
        context["days"] = by_day(agenda)
        context["current_session"] = running_now(agenda)
        context["now_next"] = now_and_next(self.object, agenda)
        context["current_until"] = next_agenda_change(agenda)
        context["document_groups"] = documents_by_session(self.object.other_documents, agenda)
        context["has_questions"] = any(session.has_questions for session in agenda)
        context["workshop_files"] = [
            document for document in self.object.other_documents if document.file
        ]
        return context


class WorkshopOfflineView(DetailView):
    """What a phone keeps to read a published workshop offline (static/js/offline.js and
    templates/sw.js): the addresses of its pages (its publications' reading pages too), in the
    request's language, and its uploaded files, which are kept only when the visitor asks.
    `version` changes with any change of the content or the code: a list the phone kept under
    the same version needs no new copies."""

    queryset = Workshop.objects.published()
    query_parameters = ()

    def render_to_response(self, context, **response_kwargs):
        workshop = self.object
        people = SessionSpeaker.objects.filter(session__workshop=workshop).values_list(
            "speaker__slug", "on_behalf_of__slug"
        )
        speakers = dict.fromkeys(slug for row in people for slug in row if slug)
        publications = workshop.publications.published().prefetch_related("parts")
        questions = GroupedPaginator(
            GuidingQuestion.objects.published().newest_first().filter(session__workshop=workshop),
            GuidingQuestionListView.paginate_by,
            group_by="session",
        )
        return JsonResponse(
            {
                "version": offline_version(),
                "pages": [
                    workshop.get_absolute_url(),
                    *(session.get_absolute_url() for session in workshop.sessions.with_a_page()),
                    *(slug_url("speakers:speaker-detail", slug=slug) for slug in speakers),
                    *(questions_pages(workshop, questions.num_pages) if questions.count else []),
                    *(publication.get_absolute_url() for publication in publications),
                    *(
                        part.get_absolute_url()
                        for publication in publications
                        for part in publication.parts.all()
                    ),
                    reverse("workshops:home"),
                    reverse("offline"),
                ],
                "files": [
                    {"url": document.file.url, "title": document.title, "size": document.file_size}
                    for document in Document.objects.filter(workshop=workshop).exclude(file="")
                ],
            }
        )


def offline_version():
    """The release and the content version, or None when the cache cannot say (unavailable,
    or turned off)."""
    try:
        version = page_cache.content_version()
    except page_cache.CacheUnavailable:
        return None
    return None if version is None else f"{settings.RELEASE}:{version}"


def questions_pages(workshop, count):
    """The guiding questions list of the workshop, each page as its pagination links to it."""
    address = (
        f"{reverse('workshops:guidingquestion-list')}?{urlencode({'workshop': workshop.slug})}"
    )
    if count == 1:
        return [address]
    return [address, *(f"{address}&page={number}" for number in range(1, count + 1))]


def with_neighbours(items, slug, model):
    """(the item of `items` with `slug`, the one before it, the one after it) for a pager, None
    at the ends; a 404 as DetailView words it when no item has the slug."""
    position = next((index for index, item in enumerate(items) if item.slug == slug), None)
    if position is None:
        message = _("No %(verbose_name)s found matching the query")
        raise Http404(message % {"verbose_name": model._meta.verbose_name})
    previous = items[position - 1] if position else None
    following = items[position + 1] if position + 1 < len(items) else None
    return items[position], previous, following


class SessionDetailView(DraftPreviewMixin, DetailView):
    model = Session

    def get_queryset(self):
        return (
            self.base_queryset()
            .with_a_page()
            .filter(workshop__slug=self.kwargs["workshop_slug"])
            .select_related("workshop")
        )

    def get_object(self, queryset=None):
        """The session, and its neighbours for the pager: the workshop's agenda, breaks left
        out, in one query."""
        session, previous, following = with_neighbours(
            list(self.get_queryset()), self.kwargs["slug"], Session
        )
        prefetch_related_objects(
            [session],
            participants_prefetch(),
            "guiding_questions",
            Prefetch("documents", queryset=Document.objects.select_related(PART_LINK)),
            Prefetch(
                "background_sections",
                queryset=self.shown(
                    Section.objects.filter(part__publication__workshop=session.workshop_id)
                )
                .select_related(PART_LINK)
                .order_by("part__publication_id", "part__order", "order"),
            ),
        )
        self.neighbours = {"previous_session": previous, "next_session": following}
        return session

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | self.neighbours


class PolicyExampleDetailView(DraftPreviewMixin, DetailView):
    model = PolicyExample

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related(
                "workshop",
                "session",
                f"source_section__{PART_LINK}",
                f"source_footnote__{PART_LINK}",
            )
            .prefetch_related(
                "countries",
                "topics",
                Prefetch("organizations", queryset=Organization.objects.select_related("country")),
            )
        )


class PublicationDetailView(DraftPreviewMixin, DetailView):
    """A publication: what it is, who prepared it, and its parts, each a page of its own."""

    model = Publication

    def get_queryset(self):
        return (
            self.base_queryset()
            .filter(workshop__slug=self.kwargs["workshop_slug"])
            .select_related("workshop")
            .prefetch_related("parts", Prefetch("credits", queryset=credits_with_parts()))
        )


def credits_with_parts():
    return PublicationCredit.objects.select_related("part")


def taken_from_sections(workshop_id):
    """The prefetches of what the workshop's data took from each section, and the sessions
    that its sections prepare: of the section's own workshop only."""
    of_workshop = {"workshop_id": workshop_id}
    return [
        Prefetch("objectives", queryset=Objective.objects.filter(**of_workshop)),
        Prefetch("keyprinciples", queryset=KeyPrinciple.objects.filter(**of_workshop)),
        Prefetch("challenges", queryset=Challenge.objects.filter(**of_workshop)),
        Prefetch("policy_examples", queryset=PolicyExample.objects.filter(**of_workshop)),
        Prefetch(
            "prepared_sessions",
            queryset=Session.objects.filter(**of_workshop).select_related("workshop"),
        ),
    ]


class PartDetailView(DraftPreviewMixin, DetailView):
    """A part of a publication to read: its sections with a table of contents, its notes,
    credits, how to cite it, and the publication's other parts before and after it."""

    model = PublicationPart
    template_name = "workshops/part_detail.html"
    context_object_name = "part"

    def get_queryset(self):
        return (
            self.base_queryset()
            .filter(
                publication__workshop__slug=self.kwargs["workshop_slug"],
                publication__slug=self.kwargs["publication_slug"],
            )
            .select_related("publication__workshop")
        )

    def get_object(self, queryset=None):
        """The part, and its neighbours for the pager: the publication's parts in one query."""
        part, previous, following = with_neighbours(
            list(self.get_queryset()), self.kwargs["slug"], PublicationPart
        )
        workshop_id = part.publication.workshop_id
        prefetch_related_objects(
            [part],
            Prefetch(
                "sections",
                queryset=Section.objects.prefetch_related(*taken_from_sections(workshop_id)),
            ),
            "footnotes",
            Prefetch("publication__credits", queryset=credits_with_parts()),
        )
        self.neighbours = {"previous_part": previous, "next_part": following}
        return part

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | self.neighbours
        part = self.object
        address = self.request.build_absolute_uri(part.get_absolute_url())
        referenced = set()
        for section in part.sections.all():
            referenced.update(footnote_references(section.body))
        credits = [
            credit for credit in part.publication.credits.all() if credit.part_id in (None, part.pk)
        ]
        context.update(
            publication=part.publication,
            credits=credits,
            referenced_notes=referenced,
            citation=part.citation(address, credits),
        )
        return context


class AboutView(TemplateView):
    """About the IDM: the foreword of the newest published publication that has one, shown as
    what it is, a text of its year."""

    template_name = "workshops/about.html"
    query_parameters = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["foreword"] = (
            PublicationPart.objects.published()
            .filter(kind=PublicationPart.Kind.FOREWORD)
            .select_related("publication__workshop__country")
            .prefetch_related("sections", "footnotes")
            .order_by("-publication__workshop__start_date", "-publication_id")
            .first()
        )
        return context


class PolicyExampleListView(PaginatedFilterView):
    filterset_class = PolicyExampleFilter
    queryset = PolicyExample.objects.published()
    page_queryset = PolicyExample.objects.select_related("workshop").prefetch_related(
        "countries", "topics"
    )


class GuidingQuestionListView(PaginatedFilterView):
    """The questions by workshop and session, a session's questions never split between pages."""

    filterset_class = GuidingQuestionFilter
    paginator_class = GroupedPaginator
    queryset = GuidingQuestion.objects.published().newest_first()
    page_queryset = GuidingQuestion.objects.select_related("session__workshop")

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, group_by="session", **kwargs)


class StarredSessionsMixin:
    """The sessions a participant starred, kept in their browser and sent as ?s=<id>&s=<id>."""

    max_sessions = 200
    query_parameters = ("s",)
    # ASCII digits only: str.isdigit() accepts '²', which int() rejects.
    session_id = re.compile(r"[0-9]{1,9}")

    def requested_ids(self):
        return list(dict.fromkeys(self.request.GET.getlist("s")))[: self.max_sessions]

    def starred_sessions(self):
        """The published sessions among the requested ids; malformed ids are ignored."""
        ids = {int(value) for value in self.requested_ids() if self.session_id.fullmatch(value)}
        return agenda_sessions().filter(pk__in=ids)


class MyAgendaView(CurrentUntilMixin, StarredSessionsMixin, TemplateView):
    template_name = "workshops/my_agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(self.starred_sessions())
        context["workshops"] = [
            (workshop, by_day(items))
            for workshop, items in groupby(sessions, lambda session: session.workshop)
        ]
        context["current_session"] = running_now(sessions)
        context["current_until"] = next_agenda_change(sessions)
        context["missing_count"] = len(self.requested_ids()) - len(sessions)
        starred = [session.pk for session in sessions]
        context["calendar_query"] = urlencode({"s": starred}, doseq=True)
        return context


class CalendarMixin:
    """Answers with an iCalendar file of `get_sessions()` where a page would be rendered."""

    query_parameters = ()

    def get_calendar_name(self):
        return str(self.object)

    def get_filename(self):
        return f"{self.object.slug}.ics"

    def render_to_response(self, context, **response_kwargs):
        body = exports.calendar(
            list(self.get_sessions()),
            name=self.get_calendar_name(),
            absolute_uri=self.request.build_absolute_uri,
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, self.get_filename())
        return response


class WorkshopCalendarView(CalendarMixin, DetailView):
    queryset = Workshop.objects.published()

    def get_sessions(self):
        return agenda_sessions().filter(workshop=self.object)


class SessionCalendarView(CalendarMixin, DetailView):
    def get_queryset(self):
        return agenda_sessions().with_a_page().filter(workshop__slug=self.kwargs["workshop_slug"])

    def get_sessions(self):
        return [self.object]

    def get_filename(self):
        return f"{self.object.workshop.slug}-{self.object.slug}.ics"


class SpeakerCalendarView(CalendarMixin, DetailView):
    """The published sessions a person took part in, in any role."""

    queryset = Speaker.objects.published()

    def get_sessions(self):
        return agenda_sessions().filter(pk__in=self.object.participations.values("session"))

    def get_calendar_name(self):
        return _("Sessions with %(name)s") % {"name": self.object.full_name}


class MyAgendaCalendarView(StarredSessionsMixin, CalendarMixin, View):
    def get(self, request, *args, **kwargs):
        return self.render_to_response({})

    def get_sessions(self):
        return self.starred_sessions()

    def get_calendar_name(self):
        return _("My agenda")

    def get_filename(self):
        return "my-agenda.ics"


class ScheduleMixin:
    """A workshop's published agenda in the frab schedule format that conference apps read."""

    queryset = Workshop.objects.published()
    query_parameters = ()

    def get_schedule(self, export):
        sessions = list(agenda_sessions().filter(workshop=self.object))
        return export(self.object, sessions, absolute_uri=self.request.build_absolute_uri)


class WorkshopScheduleXmlView(ScheduleMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(
            self.get_schedule(exports.schedule_xml), content_type="application/xml; charset=utf-8"
        )


class WorkshopScheduleJsonView(ScheduleMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        return JsonResponse(
            self.get_schedule(exports.schedule), json_dumps_params={"ensure_ascii": False}
        )


class SearchView(TemplateView):
    """One box over all public content; an empty or invalid query runs no search."""

    template_name = "workshops/search.html"
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        groups = search(query) if query else []
        context.update(
            form=form,
            query=query,
            groups=[group for group in groups if group.count],
            total=sum(min(group.count, MAX_COUNT) for group in groups),
            total_is_bounded=any(group.is_bounded for group in groups),
            max_count=MAX_COUNT,
        )
        return context
