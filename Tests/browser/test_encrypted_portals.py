"""Password and key-in-link portals, opened the way a client opens them: in headless Chromium,
served with the portals' real security headers. A wrong password is refused, the right one shows
the page (and every later page of the session without asking again), attachments are decrypted
in the browser, and a key link opens its portal."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import NOW, REPO, SECRET, parse_headers_file, portico_binary, serve

PASSWORD = "marmalade-sunrise-42"


@pytest.fixture(scope="module")
def locked_site():
    """The sample store with Acme behind a password and Zeleni vrt behind a key link."""
    folder = Path(tempfile.mkdtemp(prefix="portico-locked-"))
    store = folder / "Content"
    shutil.copytree(REPO / "Content", store)
    for client, portal in [("acme-bakery", {"access": "password", "linkVersion": 1, "passwordEnv": "ACME_PORTAL_PASSWORD"}),
                           ("zeleni-vrt", {"access": "key", "linkVersion": 1})]:
        path = store / "clients" / client / "client.json"
        record = json.loads(path.read_text(encoding="utf-8"))
        record["portal"] = portal
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    env = dict(os.environ, PORTICO_SECRET=SECRET, ACME_PORTAL_PASSWORD=PASSWORD)
    out = folder / "Public"
    subprocess.run([str(portico_binary()), "build", "--store", str(store), "--output", str(out), "--now", NOW, "--quiet"],
                   env=env, check=True)
    links = subprocess.run([str(portico_binary()), "links", "--store", str(store)], env=env, check=True,
                           capture_output=True, text=True).stdout
    server, base = serve(out, parse_headers_file((out / "_headers").read_text()))
    yield {"base": base, "out": out, "links": dict(line.split("\t")[:2] for line in links.strip().splitlines())}
    server.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def driver():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    chrome = webdriver.Chrome(options=options, service=service)
    yield chrome
    chrome.quit()


def portal_url(site, client: str) -> str:
    return site["links"][client].replace("https://portal.northwind.example", site["base"])


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_files_on_the_host_are_ciphertext(locked_site):
    folder = next(p for p in locked_site["out"].iterdir() if p.name.startswith("acme-bakery-"))
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert b"Acme Bakery" not in data and b"Christmas" not in data, file
    assert all(f.suffix == ".bin" for f in (folder / "files").iterdir())


def test_wrong_password_is_refused_and_the_right_one_opens_the_portal(locked_site, driver):
    url = portal_url(locked_site, "acme-bakery")
    driver.get(url + "index.html")
    wait = WebDriverWait(driver, 30)
    field = wait.until(EC.visibility_of_element_located((By.ID, "portico-password")))
    assert "Acme Bakery" not in driver.page_source
    field.send_keys("not the password")
    driver.find_element(By.CSS_SELECTOR, "#portico-unlock button").click()
    status = driver.find_element(By.ID, "portico-status")
    wait.until(lambda d: status.get_attribute("data-wrong") in status.text)
    assert driver.find_elements(By.ID, "portico-password"), "the form stays after a wrong password"
    assert "Acme Bakery" not in driver.find_element(By.TAG_NAME, "body").text

    field = driver.find_element(By.ID, "portico-password")
    field.clear()
    field.send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#portico-unlock button").click()
    wait.until(lambda d: "Acme Bakery" in d.title)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Acme Bakery"

    # Another page of the same portal in this session opens without asking again, and its
    # image attachment is decrypted in the browser.
    driver.get(url + "projects/christmas-preorders/tickets/christmas-social-calendar.html")
    wait.until(lambda d: "Christmas Instagram" in d.title)
    image = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "img[src^='blob:']")))
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0)
    assert console_errors(driver) == []


def test_a_key_link_opens_its_portal_and_a_bare_link_does_not(locked_site, driver):
    url = portal_url(locked_site, "zeleni-vrt")
    assert "#k=" in url
    bare = url.split("#")[0]
    driver.get(bare + "index.html")
    wait = WebDriverWait(driver, 30)
    wait.until(EC.visibility_of_element_located((By.ID, "portico-key-help")))
    assert "Zeleni vrt" not in driver.find_element(By.TAG_NAME, "body").text

    driver.get(url)
    wait.until(lambda d: "Zeleni vrt" in d.title)
    assert console_errors(driver) == []
