"""Browser tests of the sample portals, as a client sees them.

The sample store in Content/ is built once per run with the existing `portico` binary into a
temporary folder (fixed `--now`, fixed secret, so the folders are always the same), served on
127.0.0.1 by a small http.server that sends the headers of the generated `_headers` file (so
the Content-Security-Policy is enforced and violations show up as console errors), and
visited with Debian's headless Chromium through chromedriver.

Environment:
  PORTICO_BIN            portico binary to use (default .build/debug/portico, built if missing)
  PORTICO_SCREENSHOTS    folder for the review screenshots (default Tests/browser/screenshots)
  CHROMIUM_BIN, CHROMEDRIVER_BIN   browser and driver (default: chromium and chromedriver on PATH)
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-22T12:00:00Z"
SECRET = "browser-test-secret"
WIDTHS = (390, 1280)
# Phone: an iPhone 12-15 sized viewport; desktop: a laptop screen.
VIEWPORTS = {390: (390, 844, True), 1280: (1280, 900, False)}
SCREENSHOTS = Path(os.environ.get("PORTICO_SCREENSHOTS") or REPO / "Tests/browser/screenshots")
SCREENSHOT_FOLDERS = [f"{w}px" for w in WIDTHS] + ["readme", "print"]

PAGE_TYPES = (
    "root index", "overview", "project", "ticket", "discussions index", "discussion",
    "guides index", "guide", "billing", "invoice",
)


# --------------------------------------------------------------------------- the built site

@dataclass
class Page:
    path: str          # relative to the site root, with "/" separators
    portal: str | None  # the portal folder, None for the root index
    kind: str

    @property
    def id(self) -> str:
        if self.portal is None:
            return "index.html"
        client = self.portal.rsplit("-", 1)[0]
        return client + self.path[len(self.portal):]


@dataclass
class Site:
    root: Path
    portals: list[str]
    pages: list[Page]
    headers: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    base_url: str = ""

    def url(self, page: Page) -> str:
        return self.base_url + "/" + urllib.parse.quote(page.path)

    def portal_of_client(self, client: str) -> str:
        return next(p for p in self.portals if p.rsplit("-", 1)[0] == client)

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)


def page_kind(path: str) -> str:
    parts = path.split("/")
    if len(parts) == 1:
        return "root index"
    rest = parts[1:]
    if rest == ["index.html"]:
        return "overview"
    if rest[0] == "guides":
        return "guides index" if rest[1] == "index.html" else "guide"
    if rest[0] == "billing":
        return "billing" if rest[1] == "index.html" else "invoice"
    if rest[0] == "projects":
        if len(rest) == 3 and rest[2] == "index.html":
            return "project"
        if rest[2] == "tickets":
            return "ticket"
        if rest[2] == "discussions":
            return "discussions index" if rest[3] == "index.html" else "discussion"
    return "other"


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Netlify / Cloudflare Pages `_headers`: a path pattern, then indented `Name: value` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, url_path: str) -> list[tuple[str, str]]:
    result: list[tuple[str, str]] = []
    for pattern, headers in rules:
        if fnmatchcase(url_path, pattern):
            result.extend(headers)
    return result


def portico_binary() -> Path:
    if os.environ.get("PORTICO_BIN"):
        return Path(os.environ["PORTICO_BIN"])
    binary = REPO / ".build/debug/portico"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "portico"], cwd=REPO, check=True)
    return binary


_site: Site | None = None
_tmp: str | None = None


def built_site() -> Site:
    """Builds the sample store once per run (also used at collection time to list the pages)."""
    global _site, _tmp
    if _site is not None:
        return _site
    _tmp = tempfile.mkdtemp(prefix="portico-browser-")
    out = Path(_tmp) / "site"
    env = dict(os.environ, PORTICO_SECRET=SECRET)
    result = subprocess.run(
        [str(portico_binary()), "build", "--store", str(REPO / "Content"), "--output", str(out),
         "--now", NOW, "--quiet"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"portico build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    portals = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != "assets")
    pages = []
    for file in sorted(out.rglob("*.html")):
        rel = file.relative_to(out).as_posix()
        portal = rel.split("/")[0] if "/" in rel else None
        pages.append(Page(rel, portal, page_kind(rel)))
    rules = parse_headers_file((out / "_headers").read_text())
    _site = Site(out, portals, pages, rules)
    return _site


def pytest_unconfigure(config):
    if _tmp:
        shutil.rmtree(_tmp, ignore_errors=True)


# --------------------------------------------------------------------------- the server

class HeadersFileHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would, with the headers its `_headers` file asks for."""

    rules: list = []
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".svg": "image/svg+xml", ".csv": "text/csv"}

    def end_headers(self):
        path = urllib.parse.urlsplit(self.path).path
        for name, value in headers_for(self.rules, path):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(root: Path, rules) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (HeadersFileHandler,), {"rules": rules})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site():
    s = built_site()
    server, s.base_url = serve(s.root, s.headers)
    yield s
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- pages as parameters

def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        pages = built_site().pages
        metafunc.parametrize("page", pages, ids=[p.id for p in pages])
    if "width" in metafunc.fixturenames:
        metafunc.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])


# --------------------------------------------------------------------------- the browser

class Browser:
    """A headless Chromium with helpers to visit a page and read what happened."""

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        options = Options()
        options.binary_location = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--lang=en-US",
                    "--window-size=1280,900"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver_path = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.viewport = None
        self.scheme = None
        self.media = None

    def quit(self):
        self.driver.quit()

    def set_viewport(self, width: int, height: int | None = None, mobile: bool | None = None):
        w, h, m = VIEWPORTS.get(width, (width, height or 900, width < 600))
        h = height or h
        m = m if mobile is None else mobile
        if self.viewport != (w, h, m):
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": m})
            self.viewport = (w, h, m)

    def set_media(self, scheme: str = "light", media: str = ""):
        if (scheme, media) != (self.scheme, self.media):
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "media": media,
                "features": [{"name": "prefers-color-scheme", "value": scheme},
                             {"name": "prefers-reduced-motion", "value": "reduce"}],
            })
            self.scheme, self.media = scheme, media

    def drain_logs(self):
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def visit(self, url: str, width: int = 1280, scheme: str = "light") -> "Visit":
        """Loads url and returns the console messages and network traffic of that load."""
        self.set_viewport(width)
        self.set_media(scheme)
        self.drain_logs()
        self.driver.get(url)
        # Let deferred work (script, image decoding, late console messages) settle.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 20)));")
        console = self.driver.get_log("browser")
        events = [json.loads(entry["message"])["message"] for entry in self.driver.get_log("performance")]
        return Visit(url, console, events)

    def screenshot(self, path: Path, full_page: bool = True):
        import base64
        path.parent.mkdir(parents=True, exist_ok=True)
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot",
                                           {"format": "png", "captureBeyondViewport": full_page})
        path.write_bytes(base64.b64decode(shot["data"]))


@dataclass
class Visit:
    url: str
    console: list[dict]
    events: list[dict]

    @property
    def origin(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def requests(self) -> list[str]:
        urls = []
        for event in self.events:
            if event["method"] == "Network.requestWillBeSent":
                urls.append(event["params"]["request"]["url"])
            elif event["method"] == "Network.webSocketCreated":
                urls.append(event["params"]["url"])
        return [u for u in urls if u != "about:blank"]

    def foreign_requests(self) -> list[str]:
        """Requests to anywhere but the served origin (data:, blob: and about: are not requests)."""
        foreign = []
        for url in self.requests():
            scheme = urllib.parse.urlsplit(url).scheme
            if scheme in ("data", "blob", "about"):
                continue
            parts = urllib.parse.urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                foreign.append(url)
        return foreign

    def failed_responses(self) -> list[str]:
        urls = {}
        failures = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Network.requestWillBeSent":
                urls[params["requestId"]] = params["request"]["url"]
            elif event["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
                failures.append(f'{params["response"]["status"]} {params["response"]["url"]}')
            elif event["method"] == "Network.loadingFailed" and not params.get("canceled"):
                failures.append(f'{params.get("errorText")} {params.get("blockedReason") or ""} '
                                f'{urls.get(params["requestId"], params["requestId"])}')
        return failures

    def document_headers(self) -> dict:
        for event in self.events:
            if event["method"] == "Network.responseReceived" and event["params"]["type"] == "Document":
                return event["params"]["response"]["headers"]
        return {}

    def console_problems(self) -> list[str]:
        return [f'{e["level"]}: {e["message"]}' for e in self.console if e["level"] in ("SEVERE", "WARNING")]


@pytest.fixture(scope="session")
def browser():
    b = Browser()
    yield b
    b.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js as shipped inside the axe-playwright-python package (not imported:
    only its file is used, Playwright is not needed)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec and spec.origin, "pip install -r Tests/browser/requirements.txt (axe-playwright-python)"
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    for sub in SCREENSHOT_FOLDERS:  # only what this suite writes, from an earlier run
        shutil.rmtree(SCREENSHOTS / sub, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def screenshot_path(page: Page, width: int, suffix: str = "") -> Path:
    name = page.id[:-len(".html")] if page.id.endswith(".html") else page.id
    return SCREENSHOTS / f"{width}px" / f"{name}{suffix}.png"


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.rglob("*.png")):
        count = sum(1 for _ in SCREENSHOTS.rglob("*.png"))
        terminalreporter.write_line(f"browser screenshots for review: {count} in {SCREENSHOTS}")

