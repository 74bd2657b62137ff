"""billing/time.csv read by Python's csv module, and the digest messages read by Python's email
package: both built only from what the portal shows."""

import csv
import datetime
import email
import email.policy
import io
from email.utils import getaddresses, parsedate_to_datetime

import pytest

from conftest import CLIENTS, PRIVATE_TEXT


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_time_csv_holds_billable_entries_only(site, client):
    data = (site.portal(client) / "billing/time.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, entries = rows[0], rows[1:]
    assert len(header) == 6 and entries
    dates = [datetime.date.fromisoformat(row[0]) for row in entries]
    assert dates == sorted(dates)
    for row in entries:
        assert len(row) == 6
        assert float(row[4]) > 0
        assert not row[3].startswith(("=", "+", "-", "@"))
    text = data.decode("utf-8")
    for secret in PRIVATE_TEXT:
        assert secret not in text, secret


def test_time_csv_is_in_the_clients_language(site):
    rows = list(csv.reader(io.StringIO((site.portal("zeleni-vrt") / "billing/time.csv").read_text("utf-8-sig"), newline="")))
    assert rows[0] == ["Datum", "Projekt", "Naloga", "Izvajalec", "Ure", "Opomba"]
    assert any(row[3] == "Luka Horvat" for row in rows[1:])


def messages(digests):
    found = {}
    for path in sorted(digests.glob("*/digest.eml")):
        found[path.parent.name] = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return found


def test_a_digest_per_client_with_text_and_html(digests):
    found = messages(digests)
    assert sorted(found) == sorted(CLIENTS)
    for client, message in found.items():
        assert message.get_content_type() == "multipart/alternative"
        kinds = [part.get_content_type() for part in message.iter_parts()]
        assert kinds == ["text/plain", "text/html"]
        for part in message.iter_parts():
            assert part.get_content_charset() == "utf-8"
            assert part["Content-Transfer-Encoding"] == "quoted-printable"
        assert message["From"].addresses[0].addr_spec == "hello@northwind.example"
        assert message["From"].addresses[0].display_name == "Northwind Assist"
        assert parsedate_to_datetime(message["Date"]) == datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)
        assert message["Message-ID"].startswith("<digest." + client + ".")


def test_digest_headers_are_encoded_and_decode_back(digests):
    found = messages(digests)
    slovenian = found["zeleni-vrt"]
    raw = (digests / "zeleni-vrt/digest.eml").read_bytes()
    assert b"=?UTF-8?B?" in raw and all(b < 128 for b in raw), "non-ASCII only through encodings"
    assert slovenian["Subject"].startswith("Zeleni vrt d.o.o.: kaj je novega v vašem portalu od ")
    recipients = {(a.display_name, a.addr_spec) for a in slovenian["To"].addresses}
    assert recipients == {("Mojca Zupančič", "mojca@zeleni-vrt.example"), ("Rok Kranjc", "rok@zeleni-vrt.example")}
    hudson = found["hudson-legal"]
    assert {a.addr_spec for a in hudson["To"].addresses} == {
        "ehudson@hudsonpark.example", "dpark@hudsonpark.example", "malvarez@hudsonpark.example"}


def test_digest_tells_what_changed_and_links_into_the_portal(digests, site):
    found = messages(digests)
    text = found["acme-bakery"].get_body(("plain",)).get_content()
    html = found["acme-bakery"].get_body(("html",)).get_content()
    assert "Jane Roe commented: Christmas Instagram and Facebook calendar" in text
    assert "Receipts missing for six card transactions" in text  # needs the client's input
    assert "Jane Roe commented: Christmas Instagram and Facebook calendar" in html
    assert "https://portal.northwind.example/acme-bakery-" in html
    # Older than --since: not in the digest.
    assert "Completed: Set up the Christmas pre-order form" not in text
    slovenian = found["zeleni-vrt"].get_body(("plain",)).get_content()
    assert slovenian.startswith("Pozdravljeni,")


def test_nothing_private_in_any_digest(digests):
    for client, message in messages(digests).items():
        for part in message.iter_parts():
            content = part.get_content()
            for secret in PRIVATE_TEXT:
                assert secret not in content, (client, secret)
