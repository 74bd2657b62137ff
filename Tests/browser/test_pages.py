"""Every page of the three sample portals, at phone and desktop width: it loads cleanly under the
site's Content-Security-Policy, asks nothing of any other origin, fits the screen, and is
screenshotted for review."""

from conftest import PAGE_TYPES, screenshot_path


def test_every_page_type_is_built(site):
    """Each portal has every page type (pages of other kinds are visited all the same)."""
    kinds = {p.kind for p in site.pages}
    assert set(PAGE_TYPES) <= kinds, f"page types missing from the sample portals: {set(PAGE_TYPES) - kinds}"
    assert len(site.portals) == 3, site.portals
    for portal in site.portals:
        portal_kinds = {p.kind for p in site.pages if p.portal == portal}
        assert set(PAGE_TYPES) - {"root index"} <= portal_kinds, (portal, portal_kinds)


def test_page(site, browser, screenshots, page, width):
    visit = browser.visit(site.url(page), width)
    driver = browser.driver
    browser.screenshot(screenshot_path(page, width))

    problems = []
    problems += [f"console: {m}" for m in visit.console_problems()]
    problems += [f"request leaves {visit.origin}: {u}" for u in visit.foreign_requests()]
    problems += [f"failed request: {u}" for u in visit.failed_responses()]

    # Loaded under the real CSP: the server sent the _headers file's headers with the page.
    headers = {k.lower(): v for k, v in visit.document_headers().items()}
    assert "default-src 'self'" in headers.get("content-security-policy", ""), headers

    # Every resource the page loaded came from the served origin.
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name)")
    problems += [f"resource from elsewhere: {u}" for u in resources if not u.startswith(visit.origin + "/")]

    # The stylesheet and script took effect, and every image shows.
    state = driver.execute_script("""
        const broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
        return {
          styled: getComputedStyle(document.body).fontFamily.includes('system-ui'),
          broken: broken,
          title: document.title,
          h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim()),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          wide: [...document.querySelectorAll('body *')].filter(e => {
              const r = e.getBoundingClientRect();
              if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
              // inside a container that scrolls sideways on purpose (e.g. the timeline chart)
              for (let p = e.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
              }
              return true;
            }).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')),
        };
    """)
    if not state["styled"]:
        problems.append("the stylesheet did not apply")
    problems += [f"image does not show: {u}" for u in state["broken"]]
    if not state["title"].strip():
        problems.append("empty <title>")
    if len(state["h1"]) != 1 or not state["h1"][0]:
        problems.append(f"expected one non-empty h1, found {state['h1']}")
    if state["overflow"] > 0:
        problems.append(f"page scrolls sideways by {state['overflow']}px at {width}px: {state['wide']}")

    assert not problems, f"{page.path} at {width}px:\n  " + "\n  ".join(problems)
