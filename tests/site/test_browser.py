"""The demo site in headless Chromium: every page loads with no console error and no failed
request, every link resolves, pages fit a phone, the bundled font is the one in use."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_browser import DESKTOP, PHONE, Problems, browser, visit

ROOT = Path(__file__).resolve().parents[2]
DOC_SCREENSHOTS = ROOT / "docs" / "report-screenshots"
MAIN_PAGES = ("index.html", "trends.html", "checks.html", "downloads.html")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _a_report_with_failures(site: Path) -> Path:
    """A report page with a highlighted cell (a failing check), for the screenshots."""
    for page in sorted((site / "reports").glob("*.html")):
        if re.search(r'<td id="[^"]+" class="fail', page.read_text(encoding="utf-8")):
            return page
    return sorted((site / "reports").glob("*.html"))[0]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    with browser(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def test_every_page_loads_without_console_errors_or_failed_requests(demo_site, chromium, tmp_path):
    site = demo_site.parent
    pages = _pages(site)
    assert len(pages) > 100, "the demo should give hundreds of report pages"
    problems = Problems()
    tab = chromium.new_page()
    problems.watch(tab)
    for path in pages:
        visit(tab, path)
    assert not problems.items, "\n".join(problems.items[:20])

    shots = tmp_path / "screenshots"
    shots.mkdir()
    report = _a_report_with_failures(site)
    for name, path in [*((n, site / n) for n in MAIN_PAGES), ("report.html", report)]:
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            tab.set_viewport_size(viewport)
            visit(tab, path)
            target = shots / f"{Path(name).stem}-{label}.png"
            tab.screenshot(path=str(target), full_page=label == "phone")
            assert target.stat().st_size > 10_000
    tab.close()
    if os.environ.get("OGI_UPDATE_SCREENSHOTS"):  # refresh the few the docs show
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name in ("index-desktop", "report-desktop", "trends-desktop", "report-phone"):
            shutil.copyfile(shots / f"{name}.png", DOC_SCREENSHOTS / f"{name}.png")


def _targets(html: str) -> list[str]:
    tree = LexborHTMLParser(html)
    return (
        [a.attributes.get("href") or "" for a in tree.css("a")]
        + [i.attributes.get("src") or "" for i in tree.css("img")]
        + [link.attributes.get("href") or "" for link in tree.css("link")]
    )


def test_every_link_resolves_to_a_file_and_anchor(demo_site):
    site = demo_site.parent
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
            ids[path] = {node.attributes["id"] for node in tree.css("[id]")}
        return ids[path]

    broken, checked, external = [], 0, 0
    for page in _pages(site):
        for target in _targets(page.read_text(encoding="utf-8")):
            parts = urlsplit(target)
            if parts.scheme in ("http", "https"):
                external += 1  # sites of the agencies: not reachable from here
                continue
            assert not parts.scheme, f"{page}: unexpected link {target}"
            file = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not file.is_file():
                broken.append(f"{page.relative_to(site)} → {target}")
            elif parts.fragment and parts.fragment not in ids_of(file):
                broken.append(f"{page.relative_to(site)} → {target} (no such anchor)")
    assert not broken, "\n".join(broken[:20])
    assert checked > 5_000 and external > 100


def test_pages_fit_a_phone_screen(demo_site, chromium):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    site = demo_site.parent
    tab = chromium.new_page()
    tab.set_viewport_size(PHONE)
    for path in [*(site / n for n in MAIN_PAGES), _a_report_with_failures(site)]:
        visit(tab, path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path.name} is {width}px wide on a phone"
    tab.close()


def test_pages_use_the_bundled_cjk_font(demo_site, chromium):
    from fontTools.ttLib import TTFont

    site = demo_site.parent
    tab = chromium.new_page()
    visit(tab, demo_site)
    faces = tab.evaluate("[...document.fonts].map(f => [f.family, f.status])")
    assert ['"OGI Sans SC"', "loaded"] in faces or ["OGI Sans SC", "loaded"] in faces, faces
    text = tab.evaluate("document.body.innerText")
    tab.close()
    font = TTFont(site / "assets" / "fonts" / "ogi-sans-sc.woff2")
    cmap = font.getBestCmap()
    han = {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}
    assert len(han) > 100
    lacking = {ch for ch in han if ord(ch) not in cmap}
    assert not {ch for ch in lacking if _in_gb2312(ch)}, "the subset dropped characters it has"


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
