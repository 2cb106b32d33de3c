from django.db.models import Prefetch, Q
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from workshops.models import (
    PolicyExample,
    SessionSpeaker,
    Workshop,
    WorkshopPartner,
    agenda_order,
)
from workshops.views import (
    CalendarMixin,
    PaginatedFilterView,
    agenda_sessions,
    can_preview_drafts,
    not_found,
)

from .filters import OrganizationFilter, SpeakerFilter
from .models import Organization, Speaker, mark_public_parents


def participations_newest_first(*, with_drafts):
    """Who took part in which session, newest first: in published workshops, and also in
    drafts with `with_drafts` (an editor's preview), which each caller states."""
    participations = SessionSpeaker.objects.all()
    if not with_drafts:
        participations = participations.published()
    return participations.select_related(
        "session__workshop", "organization", "on_behalf_of", "speaker"
    ).order_by("-session__workshop__start_date", *agenda_order("session__"), "order")


class SpeakerDetailView(DetailView):
    """A person and every session they took part in, across workshops and years."""

    template_name = "speakers/speaker_detail.html"
    queryset = Speaker.objects.select_related("organization", "country")

    def get_object(self, queryset=None):
        """The person, if public: with a published session of their own or as the one
        represented (Speaker.objects.published()), decided from those sessions, fetched in
        one query, rather than by filtering the person with the same joins again. Editors
        also see the sessions of drafts, as when they preview a draft's agenda.
        """
        speaker = super().get_object(queryset)
        participations = participations_newest_first(
            with_drafts=can_preview_drafts(self.request.user)
        ).filter(Q(speaker=speaker) | Q(on_behalf_of=speaker))
        speaker.shown_participations, speaker.shown_representations = [], []
        for participation in participations:
            if participation.speaker_id == speaker.pk:
                speaker.shown_participations.append(participation)
            else:
                speaker.shown_representations.append(participation)
        shown = speaker.shown_participations + speaker.shown_representations
        if not shown:
            raise not_found(Speaker)
        speaker.in_drafts_only = not any(p.session.workshop.is_published for p in shown)
        # What the speaker's calendar (.ics) holds: their own published sessions.
        speaker.has_published_sessions = any(
            p.session.workshop.is_published for p in speaker.shown_participations
        )
        self.shows_drafts = not all(p.session.workshop.is_published for p in shown)
        return speaker

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.shows_drafts:
            add_never_cache_headers(response)
        return response


class SpeakerCalendarView(CalendarMixin, DetailView):
    """The published sessions a person took part in, in any role."""

    queryset = Speaker.objects.published()

    def get_sessions(self):
        return agenda_sessions().filter(pk__in=self.object.participations.values("session"))

    def get_calendar_name(self):
        return _("Sessions with %(name)s") % {"name": self.object.full_name}


class OrganizationDetailView(DetailView):
    """An organization and what is public of it. Its people, their sessions and its examples
    are shown up to LIST_LIMIT each, the lists of people and examples linking to the rest:
    an organization such as IOM takes part in every workshop."""

    template_name = "speakers/organization_detail.html"
    LIST_LIMIT = 50

    def get_queryset(self):
        published = Workshop.objects.published()
        # One row more than is shown tells the page that there are others.
        rows = self.LIST_LIMIT + 1
        return (
            Organization.objects.published()
            .select_related("country", "parent")
            .prefetch_related(
                Prefetch(
                    "people",
                    queryset=Speaker.objects.published()[:rows],
                    to_attr="public_people",
                ),
                Prefetch(
                    "participations",
                    queryset=participations_newest_first(with_drafts=False)[:rows],
                    to_attr="public_participations",
                ),
                Prefetch(
                    "workshoppartner_set",
                    queryset=WorkshopPartner.objects.filter(workshop__in=published).select_related(
                        "workshop"
                    ),
                    to_attr="public_partnerships",
                ),
                Prefetch(
                    "policy_examples",
                    queryset=PolicyExample.objects.published()[:rows],
                    to_attr="public_policy_examples",
                ),
            )
        )

    def get_object(self, queryset=None):
        organization = super().get_object(queryset)
        mark_public_parents([organization])
        return organization

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, rows in [
            ("people", self.object.public_people),
            ("participations", self.object.public_participations),
            ("policy_examples", self.object.public_policy_examples),
        ]:
            context[name] = rows[: self.LIST_LIMIT]
            context[f"more_{name}"] = len(rows) > self.LIST_LIMIT
        return context


class SpeakerListView(PaginatedFilterView):
    filterset_class = SpeakerFilter
    template_name = "speakers/speaker_list.html"

    def get_queryset(self):
        return Speaker.objects.published()

    def get_page_queryset(self):
        return Speaker.objects.select_related("organization", "country")


class OrganizationListView(PaginatedFilterView):
    filterset_class = OrganizationFilter
    template_name = "speakers/organization_list.html"

    def get_queryset(self):
        return Organization.objects.published()

    def get_page_queryset(self):
        return Organization.objects.select_related("country", "parent")
