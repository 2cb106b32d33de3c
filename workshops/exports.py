"""Published agendas for other programs: iCalendar files and the frab schedule.xml/.json.

The views pass sessions loaded with their workshop (and its country) and their participants,
and `absolute_uri`, the request's `build_absolute_uri`: called without an argument it gives
the export's own URL.
"""

import datetime
import re
import uuid
import xml.etree.ElementTree as ET
from itertools import groupby
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

# Never change it: the UIDs and guids derive from it, and calendars and apps key on them.
NAMESPACE = uuid.UUID("e8f53da2-36d1-4bd3-b313-78774399c2b4")
GENEVA = ZoneInfo(settings.TIME_ZONE)
ONE_DAY = datetime.timedelta(days=1)
PRODID = "-//IOM//International Dialogue on Migration//EN"
SCHEDULE_SCHEMA = "https://c3voc.de/schedule/schema.json"
SCHEDULE_VERSION = "1.0"
GENERATOR = "idm"
TIMESLOT = "00:05"
# The <event> children that carry text, named as in schedule.json.
XML_EVENT_FIELDS = [
    "room",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "duration",
    "abstract",
    "slug",
    "track",
    "language",
    "description",
    "url",
]
# Control characters, which XML 1.0 cannot carry and RFC 5545 forbids in iCalendar text (tab,
# line feed and carriage return are written as each format says); text pasted from PDFs brings
# form feeds.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def session_guid(session):
    """Derived from the natural key, so it stays the same across exports and databases."""
    return uuid.uuid5(NAMESPACE, "session:" + "/".join(session.natural_key()))


def speaker_guid(speaker):
    return uuid.uuid5(NAMESPACE, "speaker:" + speaker.slug)


def room_guid(workshop):
    return uuid.uuid5(NAMESPACE, "room:" + workshop.slug)


def place(workshop):
    parts = (workshop.venue, workshop.city, workshop.country)
    return ", ".join(str(part) for part in parts if part)


def participant_line(participant):
    """'Moderator: name, title at the time, organization', as the agenda prints it."""
    parts = [participant.speaker.full_name, participant.title]
    if participant.organization:
        parts.append(participant.organization.name_with_country)
    if participant.on_behalf_of:
        parts.append(_("on behalf of %(name)s") % {"name": participant.on_behalf_of.full_name})
    colon = _(":")
    return f"{participant.get_role_display()}{colon} {', '.join(part for part in parts if part)}"


def people(session):
    return "\n".join(participant_line(participant) for participant in session.participants.all())


def calendar(sessions, *, name, absolute_uri):
    """An iCalendar file (RFC 5545): one VEVENT per session, in Geneva time."""
    stamp = timezone.now()
    uid = uuid.uuid5(uuid.NAMESPACE_URL, absolute_uri())
    cal = Calendar.new(prodid=PRODID, name=plain_text(name), uid=uid)
    # The VTIMEZONE covers the events' dates only, not the 1970-2038 default.
    # Kept: it saves over a fifth of a workshop calendar's time (README: Performance).
    # It is there even without events, since a calendar needs at least one component.
    days = [session.date for session in sessions] or [timezone.localdate()]
    cal.add_component(
        Timezone.from_tzinfo(GENEVA, first_date=min(days), last_date=max(days) + ONE_DAY)
    )
    for session in sessions:
        cal.add_component(calendar_event(session, stamp, absolute_uri))
    return cal.to_ical()


def calendar_event(session, stamp, absolute_uri):
    url = absolute_uri(session.get_absolute_url())
    texts = (session.description, people(session), session.workshop.title, url)
    return Event.new(
        uid=str(session_guid(session)),
        stamp=stamp,
        start=session.starts_at,
        end=session.ends_at,
        summary=plain_text(session.full_title),
        location=plain_text(place(session.workshop)) or None,
        description=plain_text("\n\n".join(text for text in texts if text)),
        url=url,
        categories=[session.get_kind_display()],
        # Breaks are on the agenda, so in the calendar, but they leave the time free.
        transparency="TRANSPARENT" if session.kind == session.Kind.BREAK else None,
    )


def acronym(workshop):
    """frab's conference id: 4 or more of [a-z0-9_]; the JSON schema rejects hyphens."""
    return "idm_" + workshop.slug.lower().replace("-", "_")


def room_name(workshop):
    """The seeds name no rooms: each workshop has one, named after its venue or city."""
    return workshop.venue or workshop.city or _("Plenary")


def hours_minutes(duration):
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule_days(workshop, sessions):
    """(date, start, end, sessions) for every date of the workshop and of its sessions.

    A day runs from its first session's start to its last one's end; a date without
    sessions covers the whole day, so that the schedule always has the workshop's days.
    """
    sessions = sorted(sessions, key=attrgetter("starts_at"))
    by_date = {day: list(items) for day, items in groupby(sessions, key=lambda s: s.date)}
    length = (workshop.end_date - workshop.start_date).days + 1
    dates = {workshop.start_date + ONE_DAY * offset for offset in range(length)}
    for day in sorted(dates | by_date.keys()):
        items = by_date.get(day, [])
        midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=GENEVA)
        start = min((item.starts_at for item in items), default=midnight)
        end = max((item.ends_at for item in items), default=midnight + ONE_DAY)
        yield day, start, end, items


def schedule_event(session, *, code, room, absolute_uri):
    start, end = session.starts_at, session.ends_at
    speakers = {p.speaker_id: p.speaker for p in session.participants.all()}.values()
    return {
        "guid": str(session_guid(session)),
        "id": session.pk,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.isoformat(),
        # Elapsed time, which differs from the clock times on the night clocks change.
        "duration": hours_minutes(end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)),
        "room": room,
        "slug": f"{code}-session-{session.pk}",
        "url": absolute_uri(session.get_absolute_url()),
        "title": session.full_title,
        "subtitle": "",
        "track": session.get_kind_display(),
        "type": session.kind,
        # The content's language is not recorded; the interface language is not it.
        "language": "",
        "abstract": session.description,
        "description": people(session),
        "persons": [
            {"guid": str(speaker_guid(speaker)), "id": speaker.pk, "name": speaker.full_name}
            for speaker in speakers
        ],
        "links": [],
    }


def schedule(workshop, sessions, *, absolute_uri):
    """A workshop in the schedule.json v1 layout that frab and pretalx export."""
    code, room = acronym(workshop), room_name(workshop)
    tracks = {session.kind: session.get_kind_display() for session in sessions}
    days = [
        {
            "index": index,
            "date": day.isoformat(),
            "day_start": start.isoformat(),
            "day_end": end.isoformat(),
            "rooms": {
                room: [
                    schedule_event(session, code=code, room=room, absolute_uri=absolute_uri)
                    for session in items
                ]
            },
        }
        for index, (day, start, end, items) in enumerate(schedule_days(workshop, sessions), 1)
    ]
    return {
        "$schema": SCHEDULE_SCHEMA,
        "generator": {"name": GENERATOR},
        "schedule": {
            "url": absolute_uri(),
            "version": SCHEDULE_VERSION,
            "base_url": absolute_uri(reverse("workshops:home")),
            "conference": {
                "acronym": code,
                "title": workshop.title,
                "start": days[0]["date"],
                "end": days[-1]["date"],
                "daysCount": len(days),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": settings.TIME_ZONE,
                "url": absolute_uri(workshop.get_absolute_url()),
                "rooms": [{"name": room, "guid": str(room_guid(workshop))}],
                "tracks": [
                    {"name": name, "slug": kind.replace("_", "-")} for kind, name in tracks.items()
                ],
                "days": days,
            },
        },
    }


def plain_text(value):
    return CONTROL_CHARACTERS.sub("", str(value))


def add_text(parent, tag, value):
    ET.SubElement(parent, tag).text = plain_text(value)


def schedule_xml(workshop, sessions, *, absolute_uri):
    """The same schedule as schedule.xml (the frab/Pentabarf layout), written from the JSON."""
    data = schedule(workshop, sessions, absolute_uri=absolute_uri)["schedule"]
    conference = data["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    add_text(root, "url", data["url"])
    add_text(root, "version", data["version"])
    element = ET.SubElement(root, "conference")
    for tag, value in [
        ("acronym", conference["acronym"]),
        ("title", conference["title"]),
        ("start", conference["start"]),
        ("end", conference["end"]),
        ("days", conference["daysCount"]),
        ("timeslot_duration", conference["timeslot_duration"]),
        ("base_url", data["base_url"]),
        ("url", conference["url"]),
        ("time_zone_name", conference["time_zone_name"]),
    ]:
        add_text(element, tag, value)
    for track in conference["tracks"]:
        ET.SubElement(element, "track", name=plain_text(track["name"]), slug=track["slug"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for name, events in day["rooms"].items():
            room = ET.SubElement(day_element, "room", name=plain_text(name), guid=guids[name])
            for event in events:
                add_xml_event(room, event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def add_xml_event(room, event):
    element = ET.SubElement(room, "event", id=str(event["id"]), guid=event["guid"])
    for field in XML_EVENT_FIELDS:
        add_text(element, field, event[field])
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        attributes = {"id": str(person["id"]), "guid": person["guid"]}
        ET.SubElement(persons, "person", attributes).text = plain_text(person["name"])
