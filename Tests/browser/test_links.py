"""Links: every internal link and asset of a portal resolves to a file inside that portal or the
shared assets/ (and to an existing anchor when it names one); none reaches another client's
folder; nothing is loaded from elsewhere; links are relative, so a portal works under any path and
from file://."""

import posixpath
import re
import urllib.parse
from html.parser import HTMLParser

# Attributes holding a URL the browser loads (a resource) or follows (a link).
RESOURCE_ATTRS = {"src", "poster", "data", "srcset", "imagesrcset"}
LINK_ATTRS = {"href", "xlink:href", "action", "formaction", "cite"}
LOADED_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                    "prefetch", "mask-icon"}


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, bool]] = []  # (tag, url, loaded)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.anchors.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.anchors.add(attrs["name"])
        for name, value in attrs.items():
            if value is None:
                continue
            if name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, candidate.strip().split()[0], True))
            elif name in RESOURCE_ATTRS:
                self.urls.append((tag, value.strip(), True))
            elif name in LINK_ATTRS:
                rels = set((attrs.get("rel") or "").lower().split())
                loaded = tag in ("link", "use", "image", "script") and (tag != "link" or bool(rels & LOADED_LINK_RELS))
                self.urls.append((tag, value.strip(), loaded))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.urls.append((tag, (attrs.get("content") or "").partition("url=")[2], True))


_parsed: dict = {}


def parse(path):
    if path not in _parsed:
        collector = Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        _parsed[path] = collector
    return _parsed[path]


def check_urls(site, file_rel: str, urls, allowed_roots: list[str]) -> list[str]:
    """Problems with the URLs found in site file `file_rel`; a target must lie under one of
    allowed_roots (site-relative folder prefixes)."""
    problems = []
    others = [p for p in site.portals if not any(r.startswith(p + "/") for r in allowed_roots)]
    for tag, url, loaded in urls:
        where = f"<{tag}> {url!r}"
        parts = urllib.parse.urlsplit(url)
        if parts.scheme or url.startswith("//"):
            if loaded:
                problems.append(f"{where}: loads from outside the site")
            elif parts.scheme.lower() not in ("https", "http", "mailto", "tel"):
                problems.append(f"{where}: scheme {parts.scheme!r} is not a link a client can follow")
            continue
        if url.startswith("/"):
            problems.append(f"{where}: root-absolute link (portals use relative links only)")
            continue
        if url == "#" or url == "":
            problems.append(f"{where}: empty link")
            continue
        path = urllib.parse.unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(file_rel), path)) if path else file_rel
        if target == ".." or target.startswith("../"):
            problems.append(f"{where}: leaves the published site")
            continue
        if any(target.startswith(o + "/") or target == o for o in others):
            problems.append(f"{where}: reaches another client's folder ({target.split('/')[0]})")
            continue
        if not any(target.startswith(root) for root in allowed_roots):
            problems.append(f"{where}: resolves to {target}, outside {allowed_roots}")
            continue
        full = site.root / target
        if full.is_dir():
            problems.append(f"{where}: links a folder (works on some hosts only, not from file://)")
            continue
        if not full.is_file():
            problems.append(f"{where}: {target} does not exist")
            continue
        if parts.fragment and target.endswith(".html"):
            fragment = urllib.parse.unquote(parts.fragment)
            if fragment not in parse(full).anchors:
                problems.append(f"{where}: no element with id {fragment!r} in {target}")
    return problems


def test_links_stay_inside_the_portal(site, page):
    collector = parse(site.root / page.path)
    assert collector.urls, "a page without links or assets"
    if page.portal is None:
        # The neutral root page reaches only the shared assets and names no client.
        problems = check_urls(site, page.path, collector.urls, ["assets/"])
        text = (site.root / page.path).read_text()
        problems += [f"names a portal: {p}" for p in site.portals if p.rsplit("-", 1)[0] in text]
    else:
        problems = check_urls(site, page.path, collector.urls, [page.portal + "/", "assets/"])
    assert not problems, f"{page.path}:\n  " + "\n  ".join(problems)


def test_stylesheet_urls_resolve_inside_assets(site):
    for css in sorted((site.root / "assets").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)
        urls = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", text)
        urls += re.findall(r"""@import\s+['"]([^'"]+)['"]""", text)
        urls = [u for u in urls if not u.startswith("data:") and not u.startswith("#")]
        rel = css.relative_to(site.root).as_posix()
        problems = check_urls(site, rel, [("css", u, True) for u in urls], ["assets/"])
        assert not problems, f"{rel}:\n  " + "\n  ".join(problems)


def test_every_published_file_is_linked(site):
    """Each file copied into a portal is linked from one of its pages (only referenced files
    are published). The portal's `.portico-portal` stamp (which inputs made it, for rebuilds)
    is Portico's own bookkeeping, not content."""
    linked: set[str] = set()
    for page in site.pages:
        for _, url, _ in parse(site.root / page.path).urls:
            parts = urllib.parse.urlsplit(url)
            if not parts.scheme and not url.startswith("/") and parts.path:
                linked.add(posixpath.normpath(posixpath.join(posixpath.dirname(page.path),
                                                             urllib.parse.unquote(parts.path))))
    published = {f.relative_to(site.root).as_posix() for portal in site.portals
                 for f in (site.root / portal).rglob("*")
                 if f.is_file() and f.suffix != ".html" and f.name != ".portico-portal"}
    assert published, "the sample portals publish files"
    assert published - linked == set()
