"""Builds the sample store (Content/) once per run with the `portico` binary, as a user would,
and hands the tests the output, so that feed.xml, calendar.ics, billing/time.csv and the digest
messages are read by independent parsers (feedparser, icalendar, Python's email and csv).

Environment:
  PORTICO_BIN   the portico binary (default .build/debug/portico, built with `swift build` if missing)
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-22T12:00:00Z"
SECRET = "python-test-secret"
BASE_URL = "https://portal.northwind.example/"
CLIENTS = {
    "acme-bakery": ("Australia/Sydney", "en-AU"),
    "hudson-legal": ("America/New_York", "en-US"),
    "zeleni-vrt": ("Europe/Ljubljana", "sl-SI"),
}
# Text the sample store keeps private: it must never reach a feed, calendar, export or digest.
PRIVATE_TEXT = [
    "Internal: check our December capacity",          # private ticket (acme)
    "Leave calendar vs. Acme peak",                    # its time note
    "Price comparison for our own review",             # non-billable time note
    "Fixed our own coding mistake",                    # non-billable time note
    "Internal: Q4 account review",                     # private project (hudson)
    "draft 2027 renewal proposal",                     # ticket of the private project
    "Covered for Luka, not billed",                    # non-billable time note
    "Interno: pregled porabe ur",                      # private ticket (zeleni-vrt)
    "Interno: usklajevanje z Majo",                    # non-billable time note
    "flour and butter price comparison",               # private attachment title
    "hourlyCost", "tom@northwind.example",             # internal team fields (maja@ is named in public tickets on purpose)
    "prefers short emails", "Pays reliably but late",  # client notes
]


def binary() -> Path:
    configured = os.environ.get("PORTICO_BIN")
    path = Path(configured) if configured else REPO / ".build/debug/portico"
    if not path.exists():
        subprocess.run(["swift", "build", "--product", "portico"], cwd=REPO, check=True)
    return path


def run(*arguments: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PORTICO_SECRET=SECRET)
    result = subprocess.run([str(binary()), *arguments], cwd=cwd, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@dataclass
class Site:
    root: Path
    folders: dict[str, str]

    def portal(self, client: str) -> Path:
        return self.root / self.folders[client]

    def url(self, client: str) -> str:
        return BASE_URL + self.folders[client] + "/"


def build(output: Path) -> Site:
    run("build", "--store", str(REPO / "Content"), "--output", str(output), "--now", NOW, "--quiet")
    folders = {}
    for client in CLIENTS:
        matches = [p.name for p in output.iterdir() if p.is_dir() and p.name.startswith(client + "-")]
        assert len(matches) == 1, (client, matches)
        folders[client] = matches[0]
    return Site(output, folders)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    return build(tmp_path_factory.mktemp("public") / "Public")


@pytest.fixture(scope="session")
def second_site(tmp_path_factory) -> Site:
    """The same store built again elsewhere: ids and bytes must not change."""
    return build(tmp_path_factory.mktemp("again") / "Public")


@pytest.fixture(scope="session")
def digests(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("digests") / "Digests"
    run("digest", "--store", str(REPO / "Content"), "--output", str(output), "--since", "2026-11-15", "--now", NOW, "--quiet")
    return output
