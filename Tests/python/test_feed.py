"""feed.xml, read by feedparser: valid Atom 1.0, stable tag: ids, absolute links into the portal."""

import re
from pathlib import Path

import feedparser
import pytest

from conftest import BASE_URL, CLIENTS, PRIVATE_TEXT


@pytest.fixture(params=sorted(CLIENTS))
def client(request):
    return request.param


def parse(site, client):
    data = (site.portal(client) / "feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, data


def test_is_well_formed_atom_with_required_elements(site, client):
    feed, _ = parse(site, client)
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("tag:portal.northwind.example,2026:" + client)
    assert feed.feed.title and feed.feed.updated_parsed
    assert feed.feed.author == "Northwind Assist"
    assert feed.feed.language == CLIENTS[client][1]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == site.url(client) + "feed.xml"
    assert links["alternate"] == site.url(client) + "index.html"
    assert len(feed.entries) > 3


def test_entries_have_unique_tag_ids_rfc3339_dates_and_newest_first(site, client):
    feed, data = parse(site, client)
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"tag:portal\.northwind\.example,2026:" + client + r"/[a-z0-9/-]+", i) for i in ids), ids
    stamps = re.findall(rb"<published>([^<]+)</published>", data)
    assert stamps and all(re.fullmatch(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", s) for s in stamps)
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.tags and entry.tags[0].term for entry in feed.entries)


def test_entries_link_to_pages_and_anchors_that_exist(site, client):
    feed, _ = parse(site, client)
    for entry in feed.entries:
        assert entry.link.startswith(site.url(client)), entry.link
        path, _, fragment = entry.link[len(site.url(client)):].partition("#")
        page = site.portal(client) / path
        assert page.is_file(), entry.link
        if fragment:
            assert f'id="{fragment}"' in page.read_text(encoding="utf-8"), entry.link


def test_kinds_of_update_are_all_there(site):
    feed, _ = parse(site, "acme-bakery")
    kinds = {entry.tags[0].term for entry in feed.entries}
    assert {"comment", "created", "completed", "milestone", "invoice", "paid", "discussion"} <= kinds, kinds
    titles = [entry.title for entry in feed.entries]
    assert "Milestone reached: BAS pack, July–September quarter" in titles
    assert "Jane Roe commented: Christmas Instagram and Facebook calendar" in titles


def test_slovenian_feed_is_in_slovenian_with_escaped_text(site):
    feed, _ = parse(site, "zeleni-vrt")
    assert feed.feed.title == "Zeleni vrt d.o.o.: novosti"
    assert any(entry.title.startswith("Nova naloga: ") for entry in feed.entries)
    assert any("»potrjujem«" in entry.get("summary", "") for entry in feed.entries)


def test_ids_and_bytes_are_stable_across_builds(site, second_site, client):
    first = (site.portal(client) / "feed.xml").read_bytes()
    again = (second_site.portal(client) / "feed.xml").read_bytes()
    assert first == again


def test_nothing_private_in_any_feed(site, client):
    text = (site.portal(client) / "feed.xml").read_text(encoding="utf-8")
    for secret in PRIVATE_TEXT:
        assert secret not in text, secret


def test_layout_announces_the_feed(site, client):
    html = (site.portal(client) / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="feed.xml"' in html and 'href="calendar.ics"' in html
