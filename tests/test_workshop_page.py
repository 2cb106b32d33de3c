"""A workshop's page as participants use it at the venue: a short header that leads to the
agenda, the documents and the overview, the line of what runs now and next, every document of
the workshop; and a speaker's papers and session times."""

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile

from tests.factories import DocumentFactory, SessionFactory, SessionSpeakerFactory, WorkshopFactory
from tests.helpers import GENEVA
from workshops.models import Document, Session

pytestmark = pytest.mark.django_db

at = datetime.time


def page(client, url):
    return client.get(url).content.decode()


def now_next(html):
    """The text of the Now / Next line, or None when it is hidden."""
    line = re.search(r'<p class="now-next"[^>]*>(.*?)</p>', html, flags=re.S)
    if line is None or " hidden>" in html[line.start() : line.start(1)]:
        return None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line.group(1))).strip()


@pytest.fixture
def agenda():
    """A workshop on Sunday 10 and Monday 11 March 2030."""
    workshop = WorkshopFactory()
    SessionFactory(
        workshop=workshop, slug="opening", title="Opening", start_time=at(9), end_time=at(10)
    )
    SessionFactory(
        workshop=workshop, slug="lunch", title="Lunch", kind=Session.Kind.BREAK,
        start_time=at(12), end_time=at(13),
    )  # fmt: skip
    SessionFactory(
        workshop=workshop, slug="closing", title="Closing", date=workshop.end_date,
        start_time=at(9), end_time=at(10),
    )  # fmt: skip
    return workshop


def test_the_header_leads_to_the_agenda_the_documents_and_the_overview(client, agenda):
    DocumentFactory(workshop=agenda, title="Final report")
    html = page(client, agenda.get_absolute_url())
    header = re.search(r'<nav class="workshop-nav".*?</nav>', html, flags=re.S).group()
    assert re.findall(r'<a href="(#[a-z]+)">([^<]+)</a>', header) == [
        ("#agenda", "Agenda"),
        ("#documents", "Documents"),
        ("#overview", "About this workshop"),
    ]
    assert all(f'id="{target}"' in html for target in ("agenda", "documents", "overview"))


def test_without_documents_the_header_offers_no_documents(client, agenda):
    html = page(client, agenda.get_absolute_url())
    assert 'href="#documents"' not in html
    assert 'id="documents"' not in html


@time_machine.travel(datetime.datetime(2030, 3, 10, 9, 30, tzinfo=GENEVA), tick=False)
def test_during_a_session_the_line_says_what_runs_now_and_what_comes_next(client, agenda):
    html = page(client, agenda.get_absolute_url())
    assert now_next(html) == "Now: Opening Next: 12:00 Lunch"
    assert (
        f'href="{agenda.get_absolute_url()}sessions/opening/"' in html.split('class="now-next"')[1]
    )


@time_machine.travel(datetime.datetime(2030, 3, 10, 7, 0, tzinfo=GENEVA), tick=False)
def test_before_the_first_session_of_the_day_the_line_says_what_comes_first(client, agenda):
    assert now_next(page(client, agenda.get_absolute_url())) == "Next: 09:00 Opening"


@time_machine.travel(datetime.datetime(2030, 3, 10, 18, 0, tzinfo=GENEVA), tick=False)
def test_after_the_day_the_line_names_the_day_of_the_next_session(client, agenda):
    assert now_next(page(client, agenda.get_absolute_url())) == "Next: Monday 09:00 Closing"


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2030, 3, 9, 12, 0, tzinfo=GENEVA),
        datetime.datetime(2030, 3, 11, 10, 0, tzinfo=GENEVA),  # the last item has ended
        datetime.datetime(2030, 3, 12, 9, 30, tzinfo=GENEVA),
    ],
)
def test_outside_the_workshop_the_line_is_hidden(client, agenda, moment):
    with time_machine.travel(moment, tick=False):
        html = page(client, agenda.get_absolute_url())
    assert '<p class="now-next"' in html  # kept for the script, which updates it
    assert now_next(html) is None


def test_agenda_times_carry_their_offset_for_the_visitors_own_time(client, agenda):
    html = page(client, agenda.get_absolute_url())
    assert (
        '<p class="time" data-local-time><span class="session-times">'
        '<time datetime="2030-03-10T09:00:00+01:00">09:00</time>\N{EN DASH}'
        '<time datetime="2030-03-10T10:00:00+01:00">10:00</time></span></p>'
    ) in html


def test_the_documents_section_lists_every_document_by_session(client, agenda, media_root):
    opening, _lunch, closing = agenda.sessions.all()
    DocumentFactory(workshop=agenda, session=closing, title="Closing statement", order=1)
    DocumentFactory(
        workshop=agenda, session=opening, title="Opening slides", order=2,
        kind=Document.Kind.PRESENTATION, language="fr",
        file=ContentFile(b"%PDF-" + b"x" * 2043, name="slides.pdf"),
    )  # fmt: skip
    DocumentFactory(workshop=agenda, title="Final report", kind=Document.Kind.REPORT, order=3)

    html = page(client, agenda.get_absolute_url())

    section = re.search(r'<section aria-labelledby="documents".*?</section>', html, flags=re.S)
    listed = re.sub(r'<p class="offline-files".*?</p>', "", section.group(), flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listed)).strip()
    assert text == (
        "Documents The whole workshop Final report (not available online) Report "
        "Opening Opening slides Presentation French 2.0 KB "
        "Closing Closing statement (not available online) Paper"
    )


def test_a_document_whose_file_is_missing_is_listed_without_a_size(client, agenda, media_root):
    document = DocumentFactory(
        workshop=agenda, title="Lost paper", file=ContentFile(b"%PDF-1", name="lost.pdf")
    )
    (media_root / document.file.name).unlink()
    html = page(client, agenda.get_absolute_url())
    assert "Lost paper" in html
    assert "bytes" not in html


def test_a_speakers_page_lists_their_papers_and_the_times_of_their_sessions(client, agenda):
    opening = agenda.sessions.get(slug="opening")
    participation = SessionSpeakerFactory(session=opening)
    speaker = participation.speaker
    DocumentFactory(workshop=agenda, session=opening, speaker=speaker, title="Their paper")
    DocumentFactory(workshop=WorkshopFactory(status="draft"), speaker=speaker, title="Draft paper")

    html = page(client, speaker.get_absolute_url())

    assert "10 March 2030, 09:00\N{EN DASH}10:00" in re.sub(r"<[^>]+>", "", html)
    documents = re.search(r'<section aria-labelledby="documents".*?</section>', html, flags=re.S)
    assert "Papers and presentations" in documents.group()
    assert "Their paper" in documents.group()
    assert f'<a href="{opening.get_absolute_url()}">Opening</a>' in documents.group()
    assert "Draft paper" not in html
