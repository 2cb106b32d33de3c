from django.db.models import Prefetch
from django.views.generic import DetailView

from idm.views import DraftPreviewMixin, PaginatedFilterView

from .filters import OrganizationFilter, SpeakerFilter
from .models import Organization, Speaker, mark_public_parents, related_model


def listed_participations(queryset):
    """Who took part in which session (the workshops app's SessionSpeaker), newest first, with
    what a line about it shows."""
    return queryset.newest_first().select_related(
        "session__workshop", "organization", "on_behalf_of", "speaker"
    )


class SpeakerDetailView(DraftPreviewMixin, DetailView):
    """A person and every session they took part in, across workshops and years."""

    model = Speaker

    def get_queryset(self):
        documents = self.shown(related_model(Speaker, "documents").objects.all())
        return (
            self.base_queryset()
            .select_related("organization", "country")
            .prefetch_related(
                Prefetch(
                    "documents",
                    # What a document's line shows: its link (the page of its text, for a
                    # part of a publication), its session and workshop.
                    queryset=documents.newest_first().select_related(
                        "workshop", "session__workshop", "part__publication__workshop"
                    ),
                    to_attr="shown_documents",
                )
            )
        )

    def get_object(self, queryset=None):
        speaker = super().get_object(queryset)
        shown = self.shown(speaker.participations.all() | speaker.represented_by.all())
        speaker.shown_participations, speaker.shown_representations = [], []
        for participation in listed_participations(shown):
            if participation.speaker_id == speaker.pk:
                speaker.shown_participations.append(participation)
            else:
                speaker.shown_representations.append(participation)
        # What the speaker's calendar (.ics) holds: their own published sessions.
        speaker.has_published_sessions = any(
            p.session.workshop.is_published for p in speaker.shown_participations
        )
        return speaker


class OrganizationDetailView(DraftPreviewMixin, DetailView):
    """An organization and what is public of it. Its people, their sessions and its examples
    are shown up to LIST_LIMIT each, the lists of people and examples linking to the rest:
    an organization such as IOM takes part in every workshop."""

    model = Organization
    LIST_LIMIT = 50

    def get_queryset(self):
        # One row more than is shown tells the page that there are others.
        rows = self.LIST_LIMIT + 1

        def shown(relation):
            return self.shown(related_model(Organization, relation).objects.all())

        return (
            self.base_queryset()
            .select_related("country", "parent")
            .prefetch_related(
                Prefetch("people", queryset=shown("people")[:rows], to_attr="public_people"),
                Prefetch(
                    "participations",
                    queryset=listed_participations(shown("participations"))[:rows],
                    to_attr="public_participations",
                ),
                Prefetch(
                    "workshoppartner_set",
                    queryset=shown("workshoppartner").newest_first().select_related("workshop"),
                    to_attr="public_partnerships",
                ),
                Prefetch(
                    "policy_examples",
                    queryset=shown("policy_examples")[:rows],
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
    queryset = Speaker.objects.published()
    page_queryset = Speaker.objects.select_related("organization", "country")


class OrganizationListView(PaginatedFilterView):
    filterset_class = OrganizationFilter
    queryset = Organization.objects.published()
    page_queryset = Organization.objects.select_related("country", "parent")
