"""Make the born-digital PDF sets that bench/pdf_accuracy.py scores (and bench/ocr_accuracy.py scans).

    .venv/bin/python bench/pdf_forms.py [--set tuning|held-out|m3|all] [--limit N] [--force]

Every case is one report page re-published by `/work/shared/tools/make_forms.sh` (Chromium's
print = chrome.pdf, LibreOffice's export = office.pdf, the Word file LibreOffice saved exported
again = docx.pdf, office.pdf rasterised = scan.pdf), written to
`/work/scratch/forms/<case>/`, with the page and its true values in `/work/scratch/src/<case>.html`
and `<case>.json` (`{"values": {table: {row: {column: value}}}, "agency", "year", "template",
"variant"}`, the shape bench/ocr_accuracy.py reads).

Two sets, so that what the finder is tuned on is not what it is judged on:

- `tuning`: 16 table reports of the mirror built with seed 0, each of another agency, drawn
  with `random.Random(0)` → cases `m0-NN` (ruled, as the mirror publishes them) and `m0b-NN`
  (borderless: see below).
- `tuning` also holds a second draw, made when the first was tuned out: 12 table reports of
  the mirror built with seed 2, from agencies neither other set has, drawn with
  `random.Random(2)` → `m2-NN` and `m2b-NN` (its landscape pages fall on other reports:
  LANDSCAPE_OFFSET_M2).
- `tuning` also holds a third draw, made when the second was tuned out: 12 table reports of
  the mirror built with seed 3, from agencies no other set (nor the corpus) has, drawn with
  `random.Random(3)`
  → `m3-NN` and `m3b-NN`. Its borderless variants vary more (`borderless_m3`): table text
  at 9–14 pt half sizes included, tables set at 60–100 % of the page width (narrower columns,
  so labels and headers wrap more), a third on landscape pages. `--set m3` makes this draw
  alone (the others are left as they are).
- `held-out`: 16 table reports of the mirror built with seed 1 from agencies the tuning set does
  not have, drawn with `random.Random(1)` → `h1-NN` and `h1b-NN`; and every corpus case whose
  source is an HTML page (`/work/shared/corpus/*/source.html`, values from its expected.json)
  → `corpus-<name>` and `corpus-<name>-b`. Score it; never tune on its cell-by-cell misses.

A borderless variant is the same page with every table border hidden (a style sheet with
`border: none !important` on every table element, and the `border` attributes and inline
border declarations removed, since LibreOffice honours inline styles over a sheet), its table
text set at a size drawn from 9–14 pt, and ~30 % of the variants printed on landscape pages
(`@page {size: A4 landscape}`). Each variant draws from an RNG seeded by its case name, so the
sets are the same bytes-for-values on every machine that has the same converters.

A case already made is kept (`--force` makes it again). The tools are Debian's chromium,
libreoffice-writer, poppler-utils, img2pdf; make_forms.sh is called where it lies, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FORMS = Path("/work/scratch/forms")
SOURCES = Path("/work/scratch/src")
MAKE_FORMS = Path("/work/shared/tools/make_forms.sh")
CORPUS = Path("/work/shared/corpus")
# The mirror's sites hold the shared corpus's reports too, found beside the checkout unless
# this says where: set, so that a worktree (whose parent has no `shared/`) draws the same
# reports as the main checkout; else the draws, and the truth written for kept forms, differ.
os.environ.setdefault("OGI_SHARED_CORPUS", str(CORPUS))
TABLES = ("applications", "review_litigation", "proactive")
REPORTS_PER_SET = 16
LANDSCAPE_EVERY = 3  # one case in three on landscape pages: the ~30 % last session's sets had
SECOND_TUNING_REPORTS = 12  # the seed-2 draw: ~9 minutes of converters on this machine
LANDSCAPE_OFFSET_M2 = 2  # its landscape cases are the 3rd, 6th, … (the first draws' the 2nd, 5th, …)
FONT_SIZES_PT = (9, 10, 10.5, 11, 12, 14)  # sizes report tables are set in, 小五号 to 四号
THIRD_TUNING_REPORTS = 12  # the seed-3 draw, as many as the seed-2 one
FONT_SIZES_M3 = (9, 9.5, 10.5, 11, 12, 13, 14)  # the seed-3 draw: half sizes too
TABLE_WIDTHS_M3 = (60, 75, 90, 100)  # per cent of the page's width a seed-3 table is set at


@dataclass
class Case:
    """One report page to re-publish and the values it prints."""

    name: str
    html: str
    url: str
    truth: dict[str, Any]
    variant: dict[str, Any] = field(default_factory=dict)


def _page(title: str, body: str) -> str:
    """The report as a page of its own: title, then the body. LibreOffice 7.4's web export
    loses a page's first line (a blank first page instead), so an empty paragraph goes first,
    as site chrome stands before the report on a real page."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body><p>&nbsp;</p>"
        f"<h2 style='text-align:center'>{escape(title)}</h2>\n{body}\n</body></html>"
    )


def _mirror_reports(seed: int, count: int, exclude: set[str]) -> list[Any]:
    """`count` table reports of the mirror built with `seed`, each of another agency."""
    from mirror.families import build_site

    reports = [
        r
        for r in build_site(seed, 1).reports
        if r.form == "html" and r.values and r.expected_outcome == "ok" and r.style.get("kind") == "table"
    ]
    random.Random(seed).shuffle(reports)
    chosen, agencies = [], set(exclude)
    for report in reports:
        if report.agency not in agencies:
            agencies.add(report.agency)
            chosen.append(report)
        if len(chosen) == count:
            break
    return chosen


def _mirror_cases(seed: int, prefix: str, exclude: set[str], count: int = REPORTS_PER_SET) -> list[Case]:
    from mirror import documents

    cases = []
    for index, report in enumerate(_mirror_reports(seed, count, exclude)):
        truth = {
            "values": {t: report.values[t] for t in TABLES if t in report.values},
            "agency": _agency_names(report.agency, report.title),
            "year": report.year,
            "template": report.template,
        }
        html = _page(report.title, documents.body_html(report))
        cases.append(Case(f"{prefix}-{index:02d}", html, report.url, truth))
    return cases


def _agency_names(agency: str, title: str) -> list[str]:
    """The agency's full name, and the short name its title prints when that is shorter
    ('湖里区民政局' for 厦门市湖里区民政局): both are right, as in the corpus's expected.json."""
    short = [agency[k:] for k in range(1, len(agency) - 1) if title.startswith(agency[k:])]
    return [agency, *short[:1]]


def _corpus_cases() -> list[Case]:
    cases = []
    for source in sorted(CORPUS.glob("*/source.html")):
        expected = json.loads((source.parent / "expected.json").read_text())
        truth = {
            "values": {t: expected[t] for t in TABLES if t in expected},
            "agency": expected.get("agency"),
            "year": expected.get("year"),
            "template": expected.get("template"),
        }
        html = source.read_bytes().decode("utf-8", errors="replace")
        cases.append(Case(f"corpus-{source.parent.name}", html, "http://report.invalid/", truth))
    return cases


def _corpus_agencies() -> set[str]:
    """Every name the corpus's reports go by: the seed-3 draw takes none of them (the mirror
    serves the corpus's reports too, and the corpus is held out)."""
    names: set[str] = set()
    for expected in CORPUS.glob("*/expected.json"):
        agency = json.loads(expected.read_text()).get("agency")
        names.update(agency if isinstance(agency, list) else [agency])
    return names


_BORDER_ATTR = re.compile(r"""\s(?:border|bordercolor)\s*=\s*(?:"[^"]*"|'[^']*'|\S+)""", re.I)
_INLINE_BORDER = re.compile(r"border(?:-(?:top|bottom|left|right))?\s*:[^;\"']*;?", re.I)
_INLINE_FONT_SIZE = re.compile(r"font-size\s*:[^;\"']*;?", re.I)
_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)


def borderless(case: Case, index: int, landscape_at: int = 1) -> Case:
    """The case with its table borders hidden, its table text resized, and — for every third
    or so case of a set (`index` its place there, landscape when `index % 3 == landscape_at`)
    — printed on landscape pages."""
    size = random.Random(f"borderless:{case.name}").choice(FONT_SIZES_PT)
    landscape = index % LANDSCAPE_EVERY == landscape_at

    def strip(match: re.Match[str]) -> str:
        table = _BORDER_ATTR.sub("", match.group(0))
        table = _INLINE_BORDER.sub("", table)
        return _INLINE_FONT_SIZE.sub("", table)

    html = _TABLE.sub(strip, case.html)
    style = (
        "<style>table,thead,tbody,tr,td,th{border:none !important;}"
        f"td,th,td *,th *{{font-size:{size}pt !important;}}"
        + ("@page{size:A4 landscape;}" if landscape else "")
        + "</style>"
    )
    head = re.search(r"(?i)<head[^>]*>", html)
    html = html[: head.end()] + style + html[head.end() :] if head else style + html
    variant = {"borders": "hidden", "table_font_pt": size, "landscape": landscape}
    return Case(_borderless_name(case.name), html, case.url, case.truth, variant)


def borderless_m3(case: Case, index: int) -> Case:
    """The seed-3 draw's borderless variant: `borderless`'s, with its own sizes and each
    table set at a width drawn from TABLE_WIDTHS_M3 (landscape for index % 3 == 0)."""
    rng = random.Random(f"borderless-m3:{case.name}")
    size, width = rng.choice(FONT_SIZES_M3), rng.choice(TABLE_WIDTHS_M3)
    variant = borderless(case, index, landscape_at=0)
    style = (
        f"<style>td,th,td *,th *{{font-size:{size}pt !important;}}table{{width:{width}% !important;}}</style>"
    )
    head = re.search(r"(?i)<head[^>]*>", variant.html)
    assert head is not None  # (borderless() put a style sheet in the head, or made one)
    html = variant.html[: head.end()] + variant.html[head.end() :].replace("</style>", "</style>" + style, 1)
    details = {**variant.variant, "table_font_pt": size, "table_width_pct": width}
    return Case(variant.name, html, case.url, case.truth, details)


def _borderless_name(name: str) -> str:
    """m0-03 → m0b-03 (so bench/ocr_accuracy.py's `m0-*` stays the ruled set), corpus-x → corpus-x-b."""
    prefix, _, rest = name.partition("-")
    return f"{prefix}b-{rest}" if prefix in ("m0", "m2", "m3", "h1") else f"{name}-b"


def cases(which: str) -> Iterator[Case]:
    """The ruled case and its borderless variant, for every report of the set(s) asked."""
    tuning = _mirror_cases(0, "m0", set())
    held_out = _mirror_cases(1, "h1", {c.truth["agency"][0] for c in tuning})
    used = {c.truth["agency"][0] for c in tuning + held_out}
    if which in ("m3", "all"):
        second = _mirror_cases(2, "m2", used, SECOND_TUNING_REPORTS)
        taken = used | {c.truth["agency"][0] for c in second} | _corpus_agencies()
        third = _mirror_cases(3, "m3", taken, THIRD_TUNING_REPORTS)
        for index, case in enumerate(third):
            yield case
            yield borderless_m3(case, index)
        if which == "m3":
            return
    sets: list[tuple[list[Case], int]] = []
    if which in ("tuning", "all"):
        sets.append((tuning, 1))
    if which in ("held-out", "all"):
        sets.append((held_out + _corpus_cases(), 1))
    if which in ("tuning", "all"):  # (last: the first sets' cases are made first)
        sets.append((_mirror_cases(2, "m2", used, SECOND_TUNING_REPORTS), LANDSCAPE_OFFSET_M2))
    for pool, landscape_at in sets:
        for index, case in enumerate(pool):
            yield case
            yield borderless(case, index, landscape_at)


def make(case: Case, force: bool) -> bool:
    """Write the case's forms and truth; False when they were already there."""
    out = FORMS / case.name
    SOURCES.mkdir(parents=True, exist_ok=True)
    html_path = SOURCES / f"{case.name}.html"
    html_path.write_text(case.html, encoding="utf-8")
    (SOURCES / f"{case.name}.json").write_text(
        json.dumps({**case.truth, "variant": case.variant}, ensure_ascii=False, indent=1)
    )  # (the truth is written again each time: forms kept are scored against the current one)
    if not force and all((out / f).exists() for f in ("chrome.pdf", "office.pdf", "docx.pdf", "scan.pdf")):
        return False
    done = subprocess.run(
        ["bash", str(MAKE_FORMS), str(html_path), str(out), case.url],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{case.name}: make_forms.sh failed ({done.returncode}): {done.stderr[-500:]}")
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("tuning", "held-out", "m3", "all"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="cases at most")
    ap.add_argument("--force", action="store_true", help="make cases already made again")
    args = ap.parse_args()
    if not MAKE_FORMS.exists():
        sys.exit(f"{MAKE_FORMS} is absent: the sets are made where the shared tools are")
    for count, case in enumerate(cases(args.set)):
        if args.limit and count >= args.limit:
            break
        made = make(case, args.force)
        print(f"{case.name}: {'made' if made else 'kept'} {case.variant or 'ruled'}", flush=True)


if __name__ == "__main__":
    main()
