from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from workshops.models import PolicyExample, SessionSpeaker, Workshop, WorkshopPartner
from workshops.views import CalendarMixin, PaginatedFilterView, agenda_sessions

from .filters import OrganizationFilter, SpeakerFilter
from .models import Organization, Speaker


def published_participations(**filters):
    return (
        SessionSpeaker.objects.filter(session__workshop__in=Workshop.objects.published(), **filters)
        .select_related(
            "session__workshop__dialogue_year", "organization", "on_behalf_of", "speaker"
        )
        .order_by("-session__workshop__start_date", "session__order", "order")
    )


class SpeakerDetailView(DetailView):
    """A person and every session they took part in, across workshops and years."""

    template_name = "speakers/speaker_detail.html"

    def get_queryset(self):
        return (
            Speaker.objects.published()
            .select_related("organization", "country")
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=published_participations(),
                    to_attr="public_participations",
                ),
                Prefetch(
                    "represented_by",
                    queryset=published_participations(),
                    to_attr="public_representations",
                ),
            )
        )


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


class SpeakerListView(PaginatedFilterView):
    filterset_class = SpeakerFilter
    template_name = "speakers/speaker_list.html"

    def get_queryset(self):
        return Speaker.objects.published().select_related("organization", "country")


class OrganizationListView(PaginatedFilterView):
    filterset_class = OrganizationFilter
    template_name = "speakers/organization_list.html"

    def get_queryset(self):
        return Organization.objects.published().select_related("country", "parent")
