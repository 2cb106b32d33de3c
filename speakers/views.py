from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from workshops.models import PolicyExample, SessionSpeaker, Workshop, WorkshopPartner
from workshops.views import CalendarMixin, PaginatedFilterView, agenda_sessions, not_found

from .filters import OrganizationFilter, SpeakerFilter
from .models import Organization, Speaker, mark_public_parents


def published_participations():
    return (
        SessionSpeaker.objects.published()
        .select_related("session__workshop", "organization", "on_behalf_of", "speaker")
        .order_by("-session__workshop__start_date", "session__order", "order")
    )


class SpeakerDetailView(DetailView):
    """A person and every session they took part in, across workshops and years."""

    template_name = "speakers/speaker_detail.html"
    queryset = Speaker.objects.select_related("organization", "country")

    def get_object(self, queryset=None):
        """The person, if public: with a published session of their own or as the one
        represented (Speaker.objects.published()), decided from those sessions, fetched in
        one query, rather than by filtering the person with the same joins again.
        """
        speaker = super().get_object(queryset)
        participations = published_participations().filter(
            Q(speaker=speaker) | Q(on_behalf_of=speaker)
        )
        speaker.public_participations, speaker.public_representations = [], []
        for participation in participations:
            if participation.speaker_id == speaker.pk:
                speaker.public_participations.append(participation)
            else:
                speaker.public_representations.append(participation)
        if not (speaker.public_participations or speaker.public_representations):
            raise not_found(Speaker)
        return speaker


class SpeakerCalendarView(CalendarMixin, DetailView):
    """The published sessions a person took part in, in any role."""

    queryset = Speaker.objects.published()

    def get_sessions(self):
        return agenda_sessions().filter(pk__in=self.object.participations.values("session"))

    def get_calendar_name(self):
        return _("Sessions with %(name)s") % {"name": self.object.full_name}


class OrganizationDetailView(DetailView):
    template_name = "speakers/organization_detail.html"

    def get_queryset(self):
        published = Workshop.objects.published()
        return (
            Organization.objects.published()
            .select_related("country", "parent")
            .prefetch_related(
                Prefetch(
                    "people",
                    queryset=Speaker.objects.published(),
                    to_attr="public_people",
                ),
                Prefetch(
                    "participations",
                    queryset=published_participations(),
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
                    queryset=PolicyExample.objects.published(),
                    to_attr="public_policy_examples",
                ),
            )
        )

    def get_object(self, queryset=None):
        organization = super().get_object(queryset)
        mark_public_parents([organization])
        return organization


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
