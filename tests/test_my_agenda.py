"""My agenda: the sessions a participant starred, rendered from the ids their browser sends."""

import datetime
from datetime import time

import pytest
import time_machine
from django.urls import reverse

from tests.factories import SessionFactory, SessionSpeakerFactory, WorkshopFactory
from tests.helpers import GENEVA, count_queries
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

MY_AGENDA = reverse("workshops:my-agenda")


def my_agenda(client, *sessions):
    query = "&".join(f"s={getattr(session, 'pk', session)}" for session in sessions)
    return client.get(f"{MY_AGENDA}?{query}")


def test_my_agenda_lists_starred_sessions_by_workshop_and_day_in_agenda_order(client):
    workshop = WorkshopFactory(title="Labour mobility")
    late = SessionFactory(
        workshop=workshop, start_time=time(15), end_time=time(16), title="Closing panel"
    )
    early = SessionFactory(
        workshop=workshop, start_time=time(9), end_time=time(10), title="Opening panel"
    )
    SessionSpeakerFactory(session=early, speaker__full_name="Ada Moderator", role="moderator")
    SessionFactory(workshop=workshop, start_time=time(17), end_time=time(18), title="Not starred")

    response = my_agenda(client, late, early)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/en/workshops/' in html and "Labour mobility" in html
    assert html.index("Opening panel") < html.index("Closing panel")
    assert "Ada Moderator" in html
    assert "Not starred" not in html
    assert f'data-session="{early.pk}"' in html


def test_my_agenda_without_stars_explains_how_to_star(client):
    response = client.get(MY_AGENDA)
    assert response.status_code == 200
    assert "You have not starred any sessions yet." in response.content.decode()


def test_my_agenda_never_shows_sessions_of_draft_workshops(client):
    draft = SessionFactory(
        workshop=WorkshopFactory(status=Workshop.Status.DRAFT), title="Secret draft session"
    )
    response = my_agenda(client, draft)
    html = response.content.decode()
    assert "Secret draft session" not in html
    assert "1 starred session is no longer available." in html


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "99999999999999999999", "%00", ""])
def test_my_agenda_ignores_ids_that_are_not_sessions(client, bad):
    session = SessionFactory(title="Real session")
    response = client.get(f"{MY_AGENDA}?s={session.pk}&s={bad}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Real session" in html


def test_my_agenda_runs_the_same_number_of_queries_for_few_and_many_stars(client):
    def starred(size):
        sessions = SessionFactory.create_batch(size, workshop=WorkshopFactory())
        for session in sessions:
            SessionSpeakerFactory.create_batch(2, session=session)
        return "&".join(f"s={session.pk}" for session in sessions)

    few = count_queries(client, f"{MY_AGENDA}?{starred(2)}")
    many = count_queries(client, f"{MY_AGENDA}?{starred(25)}")
    assert few == many


def test_my_agenda_marks_the_session_running_now(client):
    session = SessionFactory(
        workshop=WorkshopFactory(
            start_date=datetime.date(2031, 5, 6), end_date=datetime.date(2031, 5, 6)
        ),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 0),
    )
    with time_machine.travel(datetime.datetime(2031, 5, 6, 10, 30, tzinfo=GENEVA), tick=False):
        html = my_agenda(client, session).content.decode()
    assert 'aria-current="true"' in html


def test_star_buttons_are_on_the_agenda_and_the_session_page_but_not_on_breaks(client):
    workshop = WorkshopFactory()
    panel = SessionFactory(workshop=workshop, title="A panel")
    pause = SessionFactory(workshop=workshop, kind=Session.Kind.BREAK, title="Coffee")

    agenda = client.get(workshop.get_absolute_url()).content.decode()
    assert f'data-session="{panel.pk}"' in agenda
    assert f'data-session="{pause.pk}"' not in agenda
    assert f'data-session="{panel.pk}"' in client.get(panel.get_absolute_url()).content.decode()
