"""Helpers shared by the test modules: public URLs, export URLs, counting queries."""

import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.models import SessionSpeaker

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def public_urls(workshop):
    session = workshop.sessions.first()
    speaker = SessionSpeaker.objects.filter(session__workshop=workshop).first().speaker
    return [
        "/en/",
        workshop.dialogue_year.get_absolute_url(),
        workshop.get_absolute_url(),
        session.get_absolute_url(),
        speaker.get_absolute_url(),
        speaker.organization.get_absolute_url(),
        workshop.policy_examples.first().get_absolute_url(),
        reverse("workshops:workshop-offline", kwargs={"slug": workshop.slug}),
    ]


def export_url(name, workshop):
    return reverse(f"workshops:workshop-{name}", kwargs={"slug": workshop.slug})


def session_calendar_url(session):
    kwargs = {"workshop_slug": session.workshop.slug, "slug": session.slug}
    return reverse("workshops:session-calendar", kwargs=kwargs)


def speaker_calendar_url(speaker):
    return reverse("workshops:speaker-calendar", kwargs={"slug": speaker.slug})


def my_agenda_calendar_url(*ids):
    query = "&".join(f"s={getattr(value, 'pk', value)}" for value in ids)
    return f"{reverse('workshops:my-agenda-calendar')}?{query}"


def export_urls(workshop, speaker, session_ids):
    session = workshop.sessions.first()
    return [
        export_url("calendar", workshop),
        export_url("schedule-xml", workshop),
        export_url("schedule-json", workshop),
        session_calendar_url(session),
        speaker_calendar_url(speaker),
        my_agenda_calendar_url(*session_ids),
    ]
