"""The look: README screenshots of the Acme portal, and what the design promises: the agency's
name and logo, a favicon, status by text and icon as well as colour, labelled progress bars, the
milestone timeline picture, dark mode, print, and pages that work without JavaScript.

To refresh the committed README screenshots:
    PORTICO_UPDATE_README_SCREENSHOTS=1 python3 -m pytest -q Tests/browser/test_look.py
"""

import base64
import os
import re
import struct

import pytest

from conftest import REPO, SCREENSHOTS

CLIENT = "acme-bakery"
README_PAGES = {
    "overview": "index.html",
    "project": "projects/christmas-preorders/index.html",
    "ticket": "projects/christmas-preorders/tickets/christmas-social-calendar.html",
}
README_SIZES = {"desktop": 1280, "phone": 390}  # 1280x900 and 390x844 (see conftest.VIEWPORTS)
README_FOLDER = REPO / "docs/screenshots"


def acme(site, path):
    return site.page(site.portal_of_client(CLIENT) + "/" + path)


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("size", README_SIZES)
@pytest.mark.parametrize("name", README_PAGES)
def test_readme_screenshot(site, browser, screenshots, name, size):
    width = README_SIZES[size]
    visit = browser.visit(site.url(acme(site, README_PAGES[name])), width)
    assert visit.console_problems() == []
    file = f"{name}-{size}.png"
    browser.screenshot(SCREENSHOTS / "readme" / file, full_page=False)
    assert png_size(SCREENSHOTS / "readme" / file) == browser.viewport[:2]
    if os.environ.get("PORTICO_UPDATE_README_SCREENSHOTS"):
        README_FOLDER.mkdir(parents=True, exist_ok=True)
        (README_FOLDER / file).write_bytes((SCREENSHOTS / "readme" / file).read_bytes())


def test_readme_shows_the_committed_screenshots():
    readme = (REPO / "README.md").read_text()
    shown = re.findall(r"\]\((docs/screenshots/[^)\s]+\.png)\)", readme)
    expected = [f"docs/screenshots/{n}-{s}.png" for n in README_PAGES for s in README_SIZES]
    assert sorted(shown) == sorted(expected)
    for path in expected:
        size = png_size(REPO / path)
        assert size in ((1280, 900), (390, 844)), (path, size)
        assert (REPO / path).stat().st_size < 400_000, f"{path} is not small"


def test_brand_favicon_and_logo(site, browser):
    browser.visit(site.url(acme(site, "index.html")), 1280)
    state = browser.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const icon = document.querySelector('link[rel=icon]');
        const logo = document.querySelector('.brand__logo');
        fetch(icon.href).then(r => done({
          iconStatus: r.status, iconType: r.headers.get('content-type'),
          logo: logo && logo.complete && logo.naturalWidth > 0 && logo.getBoundingClientRect().height > 16,
          name: document.querySelector('.brand__name').textContent.trim(),
          client: document.querySelector('.site-header__client-name').textContent.trim(),
        }));
    """)
    assert state["iconStatus"] == 200 and state["iconType"].startswith("image/svg+xml"), state
    assert state["logo"], "the agency logo does not show"
    assert state["name"] == "Northwind Assist" and state["client"] == "Acme Bakery", state


@pytest.mark.parametrize("name", README_PAGES)
def test_status_by_text_and_icon_and_labelled_progress(site, browser, name):
    browser.visit(site.url(acme(site, README_PAGES[name])), 390)
    state = browser.driver.execute_script("""
        const visible = e => e && e.checkVisibility() && e.getBoundingClientRect().width > 0;
        return {
          // A badge the design leaves out (normal priority in task rows) is not shown at all.
          badges: [...document.querySelectorAll('.badge')].filter(b => b.checkVisibility()).map(b => ({
            icon: (b.querySelector('.badge__icon') || {}).textContent || '',
            label: (b.querySelector('.badge__label') || {}).textContent || '',
            shown: visible(b.querySelector('.badge__label')) && visible(b.querySelector('.badge__icon')),
            colour: getComputedStyle(b).backgroundColor})),
          progress: [...document.querySelectorAll('progress')].map(p => ({
            name: p.getAttribute('aria-label') || (document.getElementById(p.getAttribute('aria-labelledby') || '') || {}).textContent || '',
            value: p.value, shown: visible(p)})),
          timeline: [...document.querySelectorAll('svg.timeline')].map(s => ({
            role: s.getAttribute('role'), label: s.getAttribute('aria-label'),
            rows: s.querySelectorAll('.timeline-row').length, height: s.getBoundingClientRect().height})),
        };
    """)
    assert state["badges"], "no status badge"
    for badge in state["badges"]:
        assert badge["icon"].strip() and badge["label"].strip() and badge["shown"], badge
    assert len({b["colour"] for b in state["badges"]}) > 1 or len(state["badges"]) == 1
    for bar in state["progress"]:
        assert bar["name"].strip() and bar["shown"], bar
    if name == "project":
        assert state["progress"], "a project shows its progress"
        assert len(state["timeline"]) == 1, state["timeline"]
        timeline = state["timeline"][0]
        assert timeline["role"] == "img" and timeline["label"] and timeline["rows"] >= 2 and timeline["height"] > 40


def test_dark_mode(site, browser):
    page = site.url(acme(site, "index.html"))
    colours = {}
    for scheme in ("light", "dark"):
        browser.visit(page, 1280, scheme)
        colours[scheme] = browser.driver.execute_script("""
            const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = c => { const [r, g, b] = rgb(c); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
            const card = document.querySelector('.card');
            return {bg: lum(getComputedStyle(document.body).backgroundColor),
                    text: lum(getComputedStyle(document.body).color),
                    card: lum(getComputedStyle(card).backgroundColor)};
        """)
        browser.screenshot(SCREENSHOTS / "readme" / f"overview-desktop-{scheme}.png", full_page=False)
    assert colours["light"]["bg"] > 0.8 and colours["light"]["text"] < 0.3, colours
    assert colours["dark"]["bg"] < 0.2 and colours["dark"]["text"] > 0.7, colours
    assert colours["dark"]["card"] < 0.3, colours
    browser.set_media("light")


def test_print(site, browser):
    """An invoice prints as a document: no navigation or buttons, one A4 page; printing a
    ticket hides the portal's navigation too."""
    invoice = next(p for p in site.pages if p.kind == "invoice" and p.portal.startswith(CLIENT))
    ticket = acme(site, README_PAGES["ticket"])
    for page in (invoice, ticket):
        browser.visit(site.url(page), 1280)
        driver = browser.driver
        assert driver.execute_script("return document.querySelectorAll('.button, .copy-link').length") > 0
        browser.set_media("light", "print")
        hidden = driver.execute_script("""
            return [...document.querySelectorAll('.site-nav, .breadcrumbs, .skip-link, .copy-link, .button')]
              .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className);""")
        browser.set_media("light", "")
        assert hidden == [], f"{page.path}: shown in print: {hidden}"
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})["data"])
        assert pdf.startswith(b"%PDF")
        (SCREENSHOTS / "print").mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "print" / f"{page.kind}.pdf").write_bytes(pdf)
        if page is invoice:
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages == 1, f"the invoice prints on {pages} pages"


def test_works_without_javascript(site, browser):
    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.set_viewport(390)
        browser.drain_logs()
        driver.get(site.url(acme(site, README_PAGES["ticket"])))
        assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
        assert driver.find_elements("css selector", ".copy-link") == []  # the enhancement did not run
        assert driver.find_elements("css selector", ".comment__permalink"), "permalinks work without script"
        assert driver.find_elements("css selector", ".site-nav a")
        assert driver.find_element("css selector", ".site-nav").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_copy_link_button(site, browser):
    driver = browser.driver
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site.base_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.visit(site.url(acme(site, README_PAGES["ticket"])), 1280)
    buttons = driver.find_elements("css selector", ".copy-link")
    assert buttons, "comments get a Copy link button"
    comment_id = driver.execute_script("return arguments[0].closest('.comment').id", buttons[0])
    buttons[0].click()
    driver.execute_async_script("setTimeout(arguments[arguments.length - 1], 150)")
    copied = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e))")
    assert copied.endswith("#" + comment_id), copied
    assert buttons[0].text == "Link copied"
    assert driver.find_element("css selector", "[role=status]").get_attribute("textContent") == "Link copied"
