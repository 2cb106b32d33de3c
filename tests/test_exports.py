"""Exports: iCalendar files and the frab schedule.xml/.json, checked against the reference
schemas in tests/formats (copied from ../shared/formats) and against RFC 5545's rules for
events."""

import datetime
import json
import re
from pathlib import Path

import icalendar
import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from tests.factories import (
    BY_TIME,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
    build_workshop,
    entered_out_of_order,
)
from tests.helpers import (
    GENEVA,
    count_queries,
    export_url,
    export_urls,
    my_agenda_calendar_url,
    session_calendar_url,
    speaker_calendar_url,
)
from workshops.models import Session, SessionSpeaker, Workshop

pytestmark = pytest.mark.django_db

FORMATS_DIR = Path(__file__).parent / "formats"
SEED_SLUG = "making-global-labour-mobility-a-catalyst-for-development"
TRICKY = "Rights & <duties>: \"quoted\" 'text', Zürich \N{EN DASH} 移民; a\\b, c"
# The children the formats README says every <event> must have, even empty.
EVENT_CHILDREN = {"room", "title", "subtitle", "type", "date", "start", "duration", "abstract"}
EVENT_CHILDREN |= {"track", "language", "description", "persons"}


@pytest.fixture(scope="module")
def xml_schema():
    return etree.XMLSchema(etree.parse(str(FORMATS_DIR / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator():
    schema = json.loads((FORMATS_DIR / "schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def seed_workshop(seed):
    return seed


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    return response


def valid_xml(client, url, xml_schema):
    response = fetch(client, url, "application/xml; charset=utf-8")
    document = etree.fromstring(response.content)
    errors = [] if xml_schema.validate(document) else xml_schema.error_log
    assert [f"{error.line}: {error.message}" for error in errors] == []
    return response.content, document


def valid_json(client, url, json_validator):
    data = fetch(client, url, "application/json").json()
    assert [error.message for error in json_validator.iter_errors(data)] == []
    return data


def valid_calendar(client, url):
    """The calendar, after the RFC 5545 checks that icalendar's parser does not make."""
    response = fetch(client, url, "text/calendar; charset=utf-8")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[-1] == ""
    # No control character but the tab (RFC 5545 3.1, 3.3.11): line breaks are written as \n.
    assert [line for line in lines if re.search("[\x00-\x08\x0a-\x1f\x7f]", line)] == []
    assert [line for line in lines if len(line.encode()) > 75] == []
    unfolded = text.replace("\r\n ", "")
    blocks = unfolded.split("BEGIN:VEVENT\r\n")[1:]
    for block in blocks:
        event = block.split("\r\n")
        names = [re.split("[:;]", line)[0] for line in event]
        assert (names.count("UID"), names.count("DTSTAMP"), names.count("DTSTART")) == (1, 1, 1)
        assert names.count("DURATION") == 0
        times = sorted(line for line in event if line.startswith(("DTSTAMP", "DTSTART", "DTEND")))
        assert re.fullmatch(r"DTEND;TZID=Europe/Zurich:\d{8}T\d{6}", times[0])
        assert re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", times[1])
        assert re.fullmatch(r"DTSTART;TZID=Europe/Zurich:\d{8}T\d{6}", times[2])
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Zurich"]
    assert cal.get_missing_tzids() == set()
    assert len(cal.walk("VEVENT")) == len(blocks)
    for event in cal.walk("VEVENT"):
        assert event.DTSTAMP.utcoffset() == datetime.timedelta(0)
        assert event.start.tzinfo.key == "Europe/Zurich"
    return response, cal


def events(cal):
    return {str(event["SUMMARY"]): event for event in cal.walk("VEVENT")}


# The second line of dst_workshop()'s description once its control characters are dropped.
WITHOUT_CONTROLS = "Second line after a form feed and a delete."


def dst_workshop():
    """A workshop over the night Geneva's clocks go back, with text that needs escaping."""
    workshop = WorkshopFactory(
        title=f"Workshop: {TRICKY}",
        start_date=datetime.date(2025, 10, 25),
        end_date=datetime.date(2025, 10, 26),
        venue="Palais & <Nations>",
    )
    saturday = SessionFactory(
        workshop=workshop,
        title=TRICKY,
        description=f"{TRICKY}\nSecond line\x0c after a form feed\x1b and a delete\x7f.",
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
    )
    SessionSpeakerFactory(
        session=saturday,
        speaker__full_name='Zoë O\'Brien & "Ngũgĩ" <Wa>',
        role=SessionSpeaker.Role.MODERATOR,
        title="Chair & host",
    )
    SessionFactory(
        workshop=workshop,
        title="Lunch",
        kind=Session.Kind.BREAK,
        start_time=datetime.time(12, 0),
        end_time=datetime.time(13, 0),
    )
    sunday = SessionFactory(
        workshop=workshop,
        date=datetime.date(2025, 10, 26),
        title="After the change",
        kind=Session.Kind.WRAP_UP,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 15),
    )
    SessionSpeakerFactory(session=sunday, speaker=saturday.speakers.get())
    return workshop


def test_seed_schedule_xml_is_valid_and_follows_the_client_notes(client, seed_workshop, xml_schema):
    content, document = valid_xml(client, export_url("schedule-xml", seed_workshop), xml_schema)

    assert b"<!DOCTYPE" not in content
    assert b"<conference>" in content[:1024]
    assert re.fullmatch(r"[a-z0-9_]{4,}", document.findtext("conference/acronym"))
    assert document.findtext("conference/time_zone_name") == "Europe/Zurich"
    assert document.findtext("conference/days") == "2"
    days = document.findall("day")
    assert [(day.get("date"), day.get("start"), day.get("end")) for day in days] == [
        ("2007-10-08", "2007-10-08T09:00:00+02:00", "2007-10-08T18:00:00+02:00"),
        ("2007-10-09", "2007-10-09T10:00:00+02:00", "2007-10-09T18:00:00+02:00"),
    ]
    rooms = document.findall("day/room")
    assert [room.get("name") for room in rooms] == ["Geneva", "Geneva"]
    assert rooms[0].get("guid") == rooms[1].get("guid")
    events = document.findall("day/room/event")
    assert len(events) == 12
    assert len({event.get("id") for event in events}) == 12
    for event in events:
        assert {child.tag for child in event} >= EVENT_CHILDREN
        assert event.findtext("room") == event.getparent().get("name")
        assert event.findtext("date")[11:16] == event.findtext("start")
        assert re.fullmatch(r"(0\d|1\d|2[0-3]):[0-5]\d", event.findtext("duration"))
        assert event.get("id").isdigit()
        assert all(person.get("id").isdigit() for person in event.iter("person"))
        assert all(person.get("guid") for person in event.iter("person"))
    session_i = document.find(f"day/room/event[@id='{Session.objects.get(slug='session-i').pk}']")
    assert session_i.findtext("title").startswith("Session I: Towards More Effective")
    assert session_i.findtext("duration") == "02:00"
    assert session_i.findtext("track") == "Panel session"
    assert [person.text for person in session_i.iter("person")] == [
        "Ibrahim Awad",
        "Kreshna Bunjun",
        "David Arkless",
        "Jung Mino",
    ]
    assert "Moderator: Ibrahim Awad, Director" in session_i.findtext("description")
    assert session_i.findtext("url") == (
        f"http://testserver/en/workshops/{SEED_SLUG}/sessions/session-i/"
    )


def test_seed_schedule_json_is_valid_and_matches_the_xml(
    client, seed_workshop, json_validator, xml_schema
):
    data = valid_json(client, export_url("schedule-json", seed_workshop), json_validator)
    _content, document = valid_xml(client, export_url("schedule-xml", seed_workshop), xml_schema)

    conference = data["schedule"]["conference"]
    assert conference["acronym"] == document.findtext("conference/acronym")
    assert (conference["start"], conference["end"], conference["daysCount"]) == (
        "2007-10-08",
        "2007-10-09",
        2,
    )
    assert conference["rooms"] == [
        {"name": "Geneva", "guid": document.find("day/room").get("guid")}
    ]
    assert [track["slug"] for track in conference["tracks"]] == [
        "registration",
        "welcome",
        "keynote",
        "scene-setting",
        "panel",
        "break",
        "migrant-story",
        "wrap-up",
    ]
    json_events = [event for day in conference["days"] for event in day["rooms"]["Geneva"]]
    assert [(event["id"], event["guid"]) for event in json_events] == [
        (int(event.get("id")), event.get("guid")) for event in document.iter("event")
    ]
    session_i = next(event for event in json_events if event["title"].startswith("Session I:"))
    assert session_i["persons"][0] == {
        "guid": session_i["persons"][0]["guid"],
        "id": session_i["persons"][0]["id"],
        "name": "Ibrahim Awad",
    }
    assert (session_i["date"], session_i["end"]) == (
        "2007-10-08T11:00:00+02:00",
        "2007-10-08T13:00:00+02:00",
    )


def test_generated_workshop_over_a_dst_change_is_valid_in_both_formats(
    client, xml_schema, json_validator
):
    workshop = dst_workshop()

    _content, document = valid_xml(client, export_url("schedule-xml", workshop), xml_schema)
    data = valid_json(client, export_url("schedule-json", workshop), json_validator)

    assert [(day.get("start"), day.get("end")) for day in document.findall("day")] == [
        ("2025-10-25T09:00:00+02:00", "2025-10-25T13:00:00+02:00"),
        ("2025-10-26T10:00:00+01:00", "2025-10-26T11:15:00+01:00"),
    ]
    first = document.find("day/room/event")
    assert first.findtext("title") == TRICKY
    assert first.findtext("abstract") == f"{TRICKY}\n{WITHOUT_CONTROLS}"
    assert first.findtext("persons/person") == 'Zoë O\'Brien & "Ngũgĩ" <Wa>'
    assert first.findtext("duration") == "01:30"
    assert document.find("day/room").get("name") == "Palais & <Nations>"
    assert document.findtext("conference/title") == f"Workshop: {TRICKY}"
    days = data["schedule"]["conference"]["days"]
    assert [day["day_start"] for day in days] == [
        "2025-10-25T09:00:00+02:00",
        "2025-10-26T10:00:00+01:00",
    ]
    assert days[1]["rooms"]["Palais & <Nations>"][0]["duration"] == "01:15"
    persons = [event["persons"] for day in days for event in day["rooms"]["Palais & <Nations>"]]
    assert persons[0] == persons[2]


def test_schedule_has_every_day_of_the_workshop_even_without_sessions(
    client, xml_schema, json_validator
):
    workshop = WorkshopFactory(venue="", city="")

    _content, document = valid_xml(client, export_url("schedule-xml", workshop), xml_schema)
    data = valid_json(client, export_url("schedule-json", workshop), json_validator)

    assert [(day.get("start"), day.get("end")) for day in document.findall("day")] == [
        ("2030-03-10T00:00:00+01:00", "2030-03-11T00:00:00+01:00"),
        ("2030-03-11T00:00:00+01:00", "2030-03-12T00:00:00+01:00"),
    ]
    assert data["schedule"]["conference"]["rooms"][0]["name"] == "Plenary"


def test_schedule_ids_are_stable_across_exports(client, seed_workshop):
    url = export_url("schedule-json", seed_workshop)
    first, second = client.get(url).json(), client.get(url).json()
    assert first == second


def test_seed_workshop_calendar(client, seed_workshop):
    response, cal = valid_calendar(client, export_url("calendar", seed_workshop))

    assert response["Content-Disposition"] == f'attachment; filename="{SEED_SLUG}.ics"'
    assert str(cal["X-WR-CALNAME"]) == seed_workshop.title
    by_summary = events(cal)
    assert len(by_summary) == 11  # the two afternoon breaks share a title
    assert len(cal.walk("VEVENT")) == 12
    session_i = next(event for title, event in by_summary.items() if title.startswith("Session I:"))
    assert session_i.start == datetime.datetime(2007, 10, 8, 11, 0, tzinfo=GENEVA)
    assert session_i.end == datetime.datetime(2007, 10, 8, 13, 0, tzinfo=GENEVA)
    assert str(session_i["LOCATION"]) == "Geneva, Switzerland"
    description = str(session_i["DESCRIPTION"])
    assert "Moderator: Ibrahim Awad, Director, International Migration Programme" in description
    assert (
        "Speaker: Jung Mino, Labour Attaché, Permanent mission of the Republic of Korea in "
        "Geneva, on behalf of Hyo-jung Hwang" in description
    )
    link = f"http://testserver/en/workshops/{SEED_SLUG}/sessions/session-i/"
    assert description.endswith(f"{seed_workshop.title}\n\n{link}")
    assert str(session_i["URL"]) == link
    assert session_i.get("TRANSP") is None
    breaks = [event for event in cal.walk("VEVENT") if event["SUMMARY"] == "Afternoon Break"]
    assert [(str(event["TRANSP"]), event.categories) for event in breaks] == [
        ("TRANSPARENT", ["Break"]),
        ("TRANSPARENT", ["Break"]),
    ]
    # Breaks have no page of their own: they link to their line in the agenda.
    agenda = f"http://testserver/en/workshops/{SEED_SLUG}/#session-afternoon-break-"
    assert [str(event["URL"]) for event in breaks] == [f"{agenda}day-1", f"{agenda}day-2"]
    for url in set(urls_of(client, seed_workshop)):
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def urls_of(client, workshop):
    """Every address the calendar and the schedules of `workshop` link to."""
    cal = icalendar.Calendar.from_ical(client.get(export_url("calendar", workshop)).content)
    yield from (str(event["URL"]) for event in cal.walk("VEVENT"))
    schedule = client.get(export_url("schedule-json", workshop)).json()["schedule"]
    for day in schedule["conference"]["days"]:
        for events in day["rooms"].values():
            yield from (event["url"] for event in events)


def test_calendar_uids_are_stable_and_match_the_schedule_guids(client, seed_workshop):
    url = export_url("calendar", seed_workshop)
    first = [str(event["UID"]) for event in valid_calendar(client, url)[1].walk("VEVENT")]
    second = [str(event["UID"]) for event in valid_calendar(client, url)[1].walk("VEVENT")]
    schedule = client.get(export_url("schedule-json", seed_workshop)).json()
    guids = [
        event["guid"]
        for day in schedule["schedule"]["conference"]["days"]
        for event in day["rooms"]["Geneva"]
    ]
    assert first == second == guids
    assert len(set(first)) == 12


def test_calendar_over_a_dst_change_keeps_geneva_time_and_escapes_text(client):
    workshop = dst_workshop()

    _response, cal = valid_calendar(client, export_url("calendar", workshop))

    saturday = events(cal)[TRICKY]
    sunday = events(cal)["After the change"]
    assert saturday.start.utcoffset() == datetime.timedelta(hours=2)
    assert sunday.start.astimezone(datetime.UTC) == datetime.datetime(
        2025, 10, 26, 9, 0, tzinfo=datetime.UTC
    )
    zone = cal.walk("VTIMEZONE")[0]
    assert [part["TZOFFSETTO"].td for part in zone.walk("STANDARD")] == [
        datetime.timedelta(hours=1)
    ]
    assert str(saturday["LOCATION"]) == "Palais & <Nations>, Geneva, Switzerland"
    assert str(saturday["DESCRIPTION"]).startswith(f"{TRICKY}\n{WITHOUT_CONTROLS}")
    assert 'Moderator: Zoë O\'Brien & "Ngũgĩ" <Wa>, Chair & host' in str(saturday["DESCRIPTION"])


def test_session_calendar_has_that_session_only(client, seed_workshop):
    session = Session.objects.get(slug="session-iv")

    response, cal = valid_calendar(client, session_calendar_url(session))

    assert response["Content-Disposition"] == (f'attachment; filename="{SEED_SLUG}-session-iv.ics"')
    assert [str(event["SUMMARY"]) for event in cal.walk("VEVENT")] == [session.full_title]


def test_speaker_calendar_has_only_published_sessions(client):
    speaker = SpeakerFactory(full_name="Ada Lovelace")
    SessionSpeakerFactory(speaker=speaker, session=SessionFactory(title="Public talk"))
    SessionSpeakerFactory(
        speaker=speaker,
        session=SessionFactory(
            title="Secret plan", workshop=WorkshopFactory(status=Workshop.Status.DRAFT)
        ),
    )

    response, cal = valid_calendar(client, speaker_calendar_url(speaker))

    assert [str(event["SUMMARY"]) for event in cal.walk("VEVENT")] == ["Public talk"]
    assert str(cal["X-WR-CALNAME"]) == "Sessions with Ada Lovelace"
    assert response["Content-Disposition"] == f'attachment; filename="{speaker.slug}.ics"'


def test_speaker_in_two_roles_of_one_session_gets_it_once(client):
    participant = SessionSpeakerFactory(role=SessionSpeaker.Role.MODERATOR)
    SessionSpeakerFactory(session=participant.session, speaker=participant.speaker)

    _response, cal = valid_calendar(client, speaker_calendar_url(participant.speaker))

    assert len(cal.walk("VEVENT")) == 1


def test_my_agenda_calendar_has_the_starred_published_sessions(client):
    starred = SessionFactory(title="Starred")
    SessionFactory(workshop=starred.workshop, title="Not starred")
    draft = SessionFactory(
        title="Secret draft", workshop=WorkshopFactory(status=Workshop.Status.DRAFT)
    )

    response, cal = valid_calendar(client, my_agenda_calendar_url(starred, draft))

    assert [str(event["SUMMARY"]) for event in cal.walk("VEVENT")] == ["Starred"]
    assert response["Content-Disposition"] == 'attachment; filename="my-agenda.ics"'


def test_my_agenda_calendar_without_stars_is_still_a_valid_calendar(client):
    _response, cal = valid_calendar(client, reverse("workshops:my-agenda-calendar"))
    assert cal.walk("VEVENT") == []


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "²", "99999999999999999999", "%00", ""])
@pytest.mark.parametrize("url_name", ["my-agenda", "my-agenda-calendar"])
def test_malformed_starred_ids_are_ignored(client, bad, url_name):
    session = SessionFactory(title="Real session")
    response = client.get(f"{reverse(f'workshops:{url_name}')}?s={bad}&s={session.pk}")
    assert response.status_code == 200
    assert "Real session" in response.content.decode()


def test_draft_workshop_exports_are_404(client):
    draft = SessionFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))
    speaker = SessionSpeakerFactory(session=draft).speaker
    urls = [export_url(name, draft.workshop) for name in ("calendar", "schedule-xml")]
    urls += [export_url("schedule-json", draft.workshop), session_calendar_url(draft)]
    urls += [speaker_calendar_url(speaker)]
    assert [client.get(url).status_code for url in urls] == [404] * 5


def test_draft_exports_are_404_for_editors_too(client, django_user_model):
    """Editors preview drafts on the pages; exports go to other programs and stay public-only."""
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    editor = django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    assert client.get(export_url("calendar", draft)).status_code == 404
    assert "calendar.ics" not in client.get(draft.get_absolute_url()).content.decode()


def test_exports_run_the_same_number_of_queries_for_small_and_large_data(client):
    def counts(size):
        workshop = build_workshop(size)
        speaker = SpeakerFactory()
        for session in workshop.sessions.all():
            SessionSpeakerFactory(session=session, speaker=speaker, order=100)
        ids = list(workshop.sessions.values_list("pk", flat=True))
        return [count_queries(client, url) for url in export_urls(workshop, speaker, ids)]

    assert counts(2) == counts(8)


def test_pages_link_to_the_exports(client):
    participant = SessionSpeakerFactory()
    session, workshop = participant.session, participant.session.workshop
    other = SessionFactory()

    workshop_page = client.get(workshop.get_absolute_url()).content.decode()
    session_page = client.get(session.get_absolute_url()).content.decode()
    speaker_page = client.get(participant.speaker.get_absolute_url()).content.decode()
    agenda = client.get(
        f"{reverse('workshops:my-agenda')}?s={session.pk}&s=abc&s={other.pk}"
    ).content.decode()

    for url in (export_url(name, workshop) for name in ("calendar", "schedule-xml")):
        assert f'href="{url}"' in workshop_page
    assert f'href="{export_url("schedule-json", workshop)}"' in workshop_page
    assert f'href="{session_calendar_url(session)}"' in session_page
    assert f'href="{speaker_calendar_url(participant.speaker)}"' in speaker_page
    calendar = reverse("workshops:my-agenda-calendar")
    assert f'href="{calendar}?s={session.pk}&amp;s={other.pk}"' in agenda


def test_exports_follow_the_language_prefix(client, seed_workshop, json_validator):
    url = export_url("schedule-json", seed_workshop).replace("/en/", "/fr/")
    data = valid_json(client, url, json_validator)
    conference = data["schedule"]["conference"]
    assert conference["url"] == f"http://testserver/fr/workshops/{SEED_SLUG}/"


def test_calendar_and_schedules_list_the_agenda_by_date_and_time(
    client, xml_schema, json_validator
):
    workshop = entered_out_of_order()

    _response, cal = valid_calendar(client, export_url("calendar", workshop))
    _content, document = valid_xml(client, export_url("schedule-xml", workshop), xml_schema)
    data = valid_json(client, export_url("schedule-json", workshop), json_validator)

    assert [str(event["SUMMARY"]) for event in cal.walk("VEVENT")] == BY_TIME
    assert [event.findtext("title") for event in document.iter("event")] == BY_TIME
    days = data["schedule"]["conference"]["days"]
    assert [event["title"] for day in days for event in day["rooms"]["Geneva"]] == BY_TIME
