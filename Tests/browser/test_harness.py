"""The checks above can fail: a page that breaks the rules, served the same way, is caught by the
console, network and axe checks. (Only loopback addresses are used.)"""

import pytest

from conftest import serve

BAD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bad</title></head>
<body><main><h1>Bad</h1>
<script>document.title = "inline script ran";</script>
<img src="http://127.0.0.2:9/tracker.png">
</main></body></html>
"""


@pytest.fixture(scope="module")
def bad_sites(tmp_path_factory, site):
    root = tmp_path_factory.mktemp("bad-site")
    (root / "index.html").write_text(BAD_PAGE)
    with_csp, url_csp = serve(root, site.headers)      # the portals' own headers
    without, url_plain = serve(root, [])               # no headers at all
    yield url_csp, url_plain
    for server in (with_csp, without):
        server.shutdown()
        server.server_close()


def test_csp_violations_are_console_errors(browser, bad_sites):
    url_csp, _ = bad_sites
    visit = browser.visit(url_csp + "/index.html", 1280)
    problems = visit.console_problems()
    assert any("Content Security Policy" in p and "inline script" in p for p in problems), problems
    assert any("127.0.0.2" in p for p in problems), problems
    assert browser.driver.title == "bad"  # the inline script was blocked


def test_requests_to_other_origins_are_seen(browser, bad_sites):
    _, url_plain = bad_sites
    visit = browser.visit(url_plain + "/index.html", 390)
    assert visit.foreign_requests() == ["http://127.0.0.2:9/tracker.png"]
    assert visit.failed_responses()
    assert browser.driver.title == "inline script ran"


def test_axe_reports_violations(browser, axe_source, bad_sites):
    from test_accessibility import RUN_AXE
    _, url_plain = bad_sites
    browser.visit(url_plain + "/index.html", 1280)
    browser.driver.execute_script(axe_source)
    result = browser.driver.execute_async_script(RUN_AXE)
    assert "image-alt" in {v["id"] for v in result["violations"] if v["impact"] == "critical"}, result
