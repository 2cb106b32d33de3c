import datetime
import re

import pytest
import time_machine

from tests.factories import (
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
    build_workshop,
)
from tests.helpers import GENEVA, count_queries, public_urls
from workshops.models import Session, SessionSpeaker, Workshop

pytestmark = pytest.mark.django_db


def test_public_pages_run_the_same_number_of_queries_for_small_and_large_data(client):
    small = [count_queries(client, url) for url in public_urls(build_workshop(2))]
    large_workshop = build_workshop(8)
    large = [count_queries(client, url) for url in public_urls(large_workshop)]
    assert small == large


def test_workshop_page_shows_overview_and_agenda(client):
    workshop = build_workshop(2)
    session = workshop.sessions.first()
    participant = session.participants.first()

    response = client.get(workshop.get_absolute_url())

    html = response.content.decode()
    assert workshop.title in html
    assert "Share experiences." in html
    assert "Times are Geneva time (Europe/Zurich)." in html
    assert session.title in html
    assert participant.speaker.full_name in html
    assert f'on behalf of <a href="{participant.on_behalf_of.get_absolute_url()}">' in html


def test_session_page_lists_people_questions_documents_and_neighbours(client):
    workshop = build_workshop(3)
    first, second, third = workshop.sessions.all()

    response = client.get(second.get_absolute_url())

    html = response.content.decode()
    assert [q.text in html for q in second.guiding_questions.all()] == [True] * 3
    assert second.documents.first().title in html
    assert "not available online" in html
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{third.get_absolute_url()}"' in html


def test_draft_workshop_is_invisible_on_every_public_page(client):
    draft = build_workshop(2, status=Workshop.Status.DRAFT)
    for url in public_urls(draft)[1:]:
        assert client.get(url).status_code == 404, url
    home = client.get("/en/").content.decode()
    assert draft.title not in home


def test_editor_can_preview_a_draft_and_it_is_never_cached(client, django_user_model):
    draft = build_workshop(1, status=Workshop.Status.DRAFT)
    editor = django_user_model.objects.create_user("preview", is_staff=True, is_superuser=True)
    client.force_login(editor)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft: only editors can see this page." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_speaker_who_only_speaks_in_a_draft_is_not_public(client):
    draft = build_workshop(1, status=Workshop.Status.DRAFT)
    speaker = SessionSpeaker.objects.filter(session__workshop=draft).first().speaker
    assert client.get(speaker.get_absolute_url()).status_code == 404


def test_speaker_page_lists_only_sessions_of_published_workshops(client):
    speaker = SpeakerFactory()
    public = SessionSpeakerFactory(speaker=speaker, session=SessionFactory(title="Public talk"))
    SessionSpeakerFactory(
        speaker=speaker,
        session=SessionFactory(
            title="Secret plan", workshop=WorkshopFactory(status=Workshop.Status.DRAFT)
        ),
    )

    html = client.get(speaker.get_absolute_url()).content.decode()

    assert public.session.title in html
    assert "Secret plan" not in html


@time_machine.travel(datetime.datetime(2030, 3, 10, 10, 30, tzinfo=GENEVA), tick=False)
def test_agenda_marks_the_session_running_now(client):
    workshop = WorkshopFactory()
    SessionFactory(
        workshop=workshop,
        title="Early",
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
    )
    running = SessionFactory(
        workshop=workshop,
        title="Running",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 0),
    )

    html = client.get(workshop.get_absolute_url()).content.decode()

    assert html.count('aria-current="true"') == 1
    marked = html.split('aria-current="true"')[1]
    assert marked.index(running.title) < marked.index("</li>")


def test_break_is_shown_without_a_link(client):
    workshop = WorkshopFactory()
    lunch = SessionFactory(workshop=workshop, kind=Session.Kind.BREAK, title="Afternoon Break")

    html = client.get(workshop.get_absolute_url()).content.decode()

    assert "kind-break" in html
    assert lunch.get_absolute_url() not in html


def test_pager_skips_breaks_which_have_no_page_of_their_own(client):
    workshop = WorkshopFactory()
    morning = SessionFactory(workshop=workshop, title="Morning panel")
    lunch = SessionFactory(workshop=workshop, kind=Session.Kind.BREAK, title="Lunch")
    afternoon = SessionFactory(workshop=workshop, title="Afternoon panel")

    morning_page = client.get(morning.get_absolute_url()).content.decode()
    afternoon_page = client.get(afternoon.get_absolute_url()).content.decode()

    assert f'rel="next" href="{afternoon.get_absolute_url()}"' in morning_page
    assert f'rel="prev" href="{morning.get_absolute_url()}"' in afternoon_page
    break_page = f"{workshop.get_absolute_url()}sessions/{lunch.slug}/"
    assert break_page not in morning_page + afternoon_page
    assert client.get(break_page).status_code == 404
    assert client.get(f"{break_page}calendar.ics").status_code == 404
    # Anything that links to the break leads to its line in the agenda.
    assert lunch.get_absolute_url() == f"{workshop.get_absolute_url()}#session-{lunch.slug}"
    agenda = client.get(workshop.get_absolute_url()).content.decode()
    assert f'id="session-{lunch.slug}"' in agenda


def test_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/en/workshops/no-such-workshop/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html


def test_pages_are_served_in_french_under_fr(client):
    workshop = build_workshop(1)
    response = client.get(workshop.get_absolute_url().replace("/en/", "/fr/"))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_organization_of_a_person_who_is_only_represented_has_a_page_and_is_listed(client):
    ministry = OrganizationFactory(name="Ministry of Labour of Nowhere")
    absent = SpeakerFactory(organization=ministry)
    SessionSpeakerFactory(on_behalf_of=absent, speaker=SpeakerFactory(organization=None))

    speaker_page = client.get(absent.get_absolute_url()).content.decode()
    organization_page = client.get(ministry.get_absolute_url())
    listed = client.get("/en/organizations/").content.decode()

    assert f'<a href="{ministry.get_absolute_url()}">' in speaker_page
    assert organization_page.status_code == 200
    assert absent.full_name in organization_page.content.decode()
    assert f'<a href="{ministry.get_absolute_url()}">{ministry.name}</a>' in listed


def test_organization_of_a_person_represented_only_in_a_draft_has_no_page(client):
    ministry = OrganizationFactory(name="Ministry of Secret Plans")
    SessionSpeakerFactory(
        on_behalf_of=SpeakerFactory(organization=ministry),
        speaker=SpeakerFactory(organization=None),
        session=SessionFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT)),
    )

    assert client.get(ministry.get_absolute_url()).status_code == 404
    assert ministry.name not in client.get("/en/organizations/").content.decode()


def agenda_slugs(client, workshop):
    """The slugs of the agenda items on the workshop's page, in the page's order."""
    html = client.get(workshop.get_absolute_url()).content.decode()
    return re.findall(r'<li id="session-([^"]+)"', html)


def agenda_days(client, workshop):
    html = client.get(workshop.get_absolute_url()).content.decode()
    return re.findall(r'<h3 id="day-\d+">Day (\d+): <time datetime="([0-9-]+)"', html)


def test_the_agenda_follows_the_clock_not_the_order_of_entry(client):
    workshop = WorkshopFactory()
    at = datetime.time
    late = SessionFactory(workshop=workshop, slug="late", start_time=at(10, 30), end_time=at(11))
    SessionFactory(workshop=workshop, slug="early", start_time=at(10), end_time=at(10, 30))
    SessionFactory(workshop=workshop, slug="lunch", start_time=at(12), end_time=at(13))
    assert agenda_slugs(client, workshop) == ["early", "late", "lunch"]

    # Swapping two items' times swaps them on the agenda.
    Session.objects.filter(slug="early").update(start_time=at(11, 30), end_time=at(12))
    late.start_time, late.end_time = at(10), at(10, 30)
    late.save()

    assert agenda_slugs(client, workshop) == ["late", "early", "lunch"]


def test_a_session_moved_to_the_other_day_is_listed_under_that_day(client):
    workshop = WorkshopFactory()  # Monday 10 and Tuesday 11 March 2030
    monday, tuesday = workshop.start_date, workshop.end_date
    at = datetime.time
    SessionFactory(workshop=workshop, slug="opening", start_time=at(9), end_time=at(10))
    moved = SessionFactory(workshop=workshop, slug="moved", start_time=at(10), end_time=at(11))
    SessionFactory(
        workshop=workshop, slug="closing", date=tuesday, start_time=at(16), end_time=at(17)
    )
    SessionFactory(
        workshop=workshop, slug="morning", date=tuesday, start_time=at(9), end_time=at(9, 30)
    )

    moved.date = tuesday
    moved.save()

    assert agenda_days(client, workshop) == [("1", str(monday)), ("2", str(tuesday))]
    assert agenda_slugs(client, workshop) == ["opening", "morning", "moved", "closing"]


def test_the_session_pager_follows_the_clock(client):
    workshop = WorkshopFactory()
    at = datetime.time
    second = SessionFactory(workshop=workshop, start_time=at(11), end_time=at(12))
    first = SessionFactory(workshop=workshop, start_time=at(9), end_time=at(10))
    third = SessionFactory(workshop=workshop, date=workshop.end_date)

    html = client.get(second.get_absolute_url()).content.decode()

    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{third.get_absolute_url()}"' in html


def footer(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<footer class="site-footer">.*?</footer>', html, flags=re.S).group()


def test_the_footer_links_about_the_idm_the_api_documentation_and_the_schedules(client):
    workshop = build_workshop(1)
    on_workshop = footer(client, workshop.get_absolute_url())
    on_session = footer(client, workshop.sessions.first().get_absolute_url())
    elsewhere = footer(client, "/en/speakers/")

    for page in (on_workshop, on_session, elsewhere):
        assert '<a href="/en/about/">About the IDM</a>' in page
        assert '<a href="/api/v1/docs/">API documentation</a>' in page
    for page in (on_workshop, on_session):
        for export in ("calendar.ics", "schedule.xml", "schedule.json"):
            assert f'href="{workshop.get_absolute_url()}{export}"' in page
    assert "on each workshop's agenda" in elsewhere


def test_the_footer_gives_the_contact_address_only_when_one_is_set(client, settings):
    assert "mailto:" not in footer(client, "/en/")
    settings.CONTACT_EMAIL = "idm@example.org"
    contact = 'Contact: <a href="mailto:idm@example.org">idm@example.org</a>'
    assert contact in footer(client, "/en/speakers/")
