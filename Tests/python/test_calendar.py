"""calendar.ics, read by icalendar: RFC 5545 lines, all-day deadlines, a weekly check-in in the
client's time zone with a VTIMEZONE that agrees with the tz database."""

import datetime
import zoneinfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from conftest import CLIENTS, PRIVATE_TEXT


@pytest.fixture(params=sorted(CLIENTS))
def client(request):
    return request.param


def load(site, client):
    data = (site.portal(client) / "calendar.ics").read_bytes()
    return icalendar.Calendar.from_ical(data), data


def test_lines_end_in_crlf_and_fold_at_75_octets(site, client):
    _, data = load(site, client)
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines), "long lines are folded"
    # Folding never splits a UTF-8 sequence: every physical line decodes on its own.
    for line in lines:
        line.decode("utf-8")


def test_events_have_stable_uids_and_dtstamp_from_the_builds_day(site, second_site, client):
    calendar, data = load(site, client)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)) and len(uids) > 3
    assert all(uid.startswith(client + "/") and uid.endswith("@portal.northwind.example") for uid in uids)
    # The first moment of the build's day (--now 2026-11-22T12:00Z) in the client's zone.
    zone = zoneinfo.ZoneInfo(CLIENTS[client][0])
    now = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.timezone.utc).astimezone(zone)
    day_start = datetime.datetime(now.year, now.month, now.day, tzinfo=zone)
    for event in events:
        assert event["DTSTAMP"].dt == day_start.astimezone(datetime.timezone.utc)
    assert (second_site.portal(client) / "calendar.ics").read_bytes() == data


def test_deadlines_are_all_day_events(site, client):
    calendar, _ = load(site, client)
    deadlines = [e for e in calendar.walk("VEVENT") if "RRULE" not in e]
    assert deadlines
    for event in deadlines:
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is datetime.date and end - start == datetime.timedelta(days=1)
        assert str(event["URL"]).startswith(site.url(client))


def test_text_values_are_escaped_and_unescaped_correctly(site):
    calendar, _ = load(site, "acme-bakery")
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Milestone reached: BAS pack, July–September quarter" in summaries
    assert "Due: Filters and labels for the hello@ inbox" in summaries
    slovenian, _ = load(site, "zeleni-vrt")
    assert "Rok: Razpored dostav jelk po Ljubljani" in [str(e["SUMMARY"]) for e in slovenian.walk("VEVENT")]


@pytest.mark.parametrize("client, weekday, hour, minute", [
    ("acme-bakery", 0, 9, 0), ("hudson-legal", 3, 16, 0), ("zeleni-vrt", 1, 8, 30)])
def test_check_in_repeats_weekly_in_the_clients_zone(site, client, weekday, hour, minute):
    calendar, _ = load(site, client)
    zone_name = CLIENTS[client][0]
    checkins = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert len(checkins) == 1
    event = checkins[0]
    start = event["DTSTART"].dt
    assert event["DTSTART"].params["TZID"] == zone_name
    assert (start.weekday(), start.hour, start.minute) == (weekday, hour, minute)
    assert start > datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)
    assert "Northwind Assist" in str(event["SUMMARY"])
    # Expanded with the tz database, every occurrence stays at the same wall-clock time even
    # across a daylight-saving change (Sydney and New York, Ljubljana change in spring 2027).
    zone = zoneinfo.ZoneInfo(zone_name)
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start.replace(tzinfo=zone))
    occurrences = rule.between(start.replace(tzinfo=zone), datetime.datetime(2027, 6, 1, tzinfo=zone), inc=True)
    assert len(occurrences) > 20
    assert {(o.weekday(), o.hour, o.minute) for o in occurrences} == {(weekday, hour, minute)}
    assert len({o.utcoffset() for o in occurrences}) == 2


def test_vtimezone_agrees_with_the_tz_database(site, client):
    calendar, _ = load(site, client)
    zone_name = CLIENTS[client][0]
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(t["TZID"]) for t in timezones] == [zone_name]
    described, actual = timezones[0].to_tz(), zoneinfo.ZoneInfo(zone_name)
    moment = datetime.datetime(2026, 11, 25, 12)
    while moment < datetime.datetime(2031, 1, 1):
        assert described.utcoffset(moment) == actual.utcoffset(moment), moment
        moment += datetime.timedelta(days=5)


def test_nothing_private_in_any_calendar(site, client):
    text = (site.portal(client) / "calendar.ics").read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    for secret in PRIVATE_TEXT:
        assert secret not in text.replace("\\,", ",").replace("\\;", ";"), secret
