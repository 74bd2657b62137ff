"""axe-core (4.12, from the axe-playwright-python package, injected with selenium) finds no serious
or critical violation on any page, in light and dark mode, at phone and desktop width."""

import pytest

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done({version: axe.version, violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))}))
  .catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def axe_injected(browser, axe_source):
    """axe.min.js is evaluated in every page this module loads (sent to the browser once, rather
    than with every page), and removed again afterwards so other tests see the pages as they are."""
    script = browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})
    yield
    browser.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_axe(site, browser, axe_injected, page, width):
    browser.visit(site.url(page), width, "light")
    driver = browser.driver
    report = []
    for scheme in ("light", "dark"):
        # Switching the colour scheme restyles the page at once (motion is reduced: no transitions).
        browser.set_media(scheme)
        assert driver.execute_script("return matchMedia(arguments[0]).matches", f"(prefers-color-scheme: {scheme})")
        result = driver.execute_async_script(RUN_AXE)
        assert "error" not in result, result.get("error")
        assert result["version"].startswith("4.12"), result["version"]
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                report.append(f"  {scheme} mode: {v['id']} ({v['impact']}): {v['help']}\n"
                              + "\n".join(f"      {n}" for n in v["nodes"][:5]))
    assert not report, f"{page.path} at {width}px:\n" + "\n".join(report)
