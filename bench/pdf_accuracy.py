"""Cells and metadata read right from born-digital PDFs re-published from report pages.

    .venv/bin/python bench/pdf_accuracy.py [--set tuning|held-out|all] [--case PREFIX] [-v]

The sets are made by bench/pdf_forms.py (its docstring says how): `/work/scratch/forms/<case>/`
holds chrome.pdf (browser print), office.pdf (LibreOffice export) and docx.pdf (the Word file
exported again), `/work/scratch/src/<case>.json` the values the page prints. The tuning set is
the `m0-*`, `m2-*` and `m3-*` (ruled) and `m0b-*`, `m2b-*` and `m3b-*` (borderless) cases;
the held-out set the `h1-*`, `h1b-*` and `corpus-*` cases.

A cell is right when the parser gives the printed value, or gives none where the page prints
none; cells are counted over the three tables (applications, review_litigation, proactive).
Metadata are agency, year and template, scored as score_corpus.py scores them (an expected list
holds the acceptable names). The totals are per set, per variant (ruled / borderless) and per
producer; `-v` lists every wrong cell of the tuning set — the held-out set is scored only in
counts unless `--show-held-out` is given, so its misses are not tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transform.parse import parse_bytes

FORMS = Path("/work/scratch/forms")
SOURCES = Path("/work/scratch/src")
TABLES = ("applications", "review_litigation", "proactive")
PRODUCERS = ("chrome", "office", "docx")
METADATA = ("agency", "year", "template")
SETS = {"tuning": ("m0-", "m0b-", "m2-", "m2b-", "m3-", "m3b-"), "held-out": ("h1-", "h1b-", "corpus-")}


def set_cases(name: str, prefix: str = "") -> list[Path]:
    """The case folders of a set that have their truth, optionally those starting with `prefix`."""
    return [
        case
        for case in sorted(FORMS.glob("*"))
        if case.name.startswith(SETS[name])
        and case.name.startswith(prefix)
        and (SOURCES / f"{case.name}.json").exists()
    ]


def is_borderless(truth: dict[str, Any]) -> bool:
    return truth.get("variant", {}).get("borders") == "hidden"


def _right(got: Any, want: Any) -> bool:
    if got in (None, "missing"):
        return want is None
    return want is not None and isinstance(got, int | float) and abs(got - want) < 0.005


def score(pdf: Path, truth: dict[str, Any], verbose: bool) -> tuple[int, int, int, int]:
    """(cells right, cells expected, metadata right, metadata expected) for one PDF."""
    result = parse_bytes(pdf.read_bytes(), f"{pdf.parent.name}/{pdf.name}").to_contract()
    right = cells = 0
    for table in TABLES:
        for row, cols in (truth["values"].get(table) or {}).items():
            for col, want in cols.items():
                got = (result.get(table) or {}).get(row, {}).get(col, "missing")
                cells += 1
                if _right(got, want):
                    right += 1
                elif verbose:
                    print(f"    {table}.{row}.{col}: expected {want}, got {got}")
    meta = 0
    for key in METADATA:
        wanted = truth.get(key)
        wanted = wanted if isinstance(wanted, list) else [wanted]
        ok = str(result.get(key, "")).strip() in [str(w).strip() for w in wanted]
        meta += ok
        if not ok and verbose:
            print(f"    {key}: expected {truth.get(key)!r}, got {result.get(key)!r}")
    return right, cells, meta, len(METADATA)


def run(name: str, prefix: str, verbose: bool) -> dict[tuple[str, str], list[int]]:
    """Per (variant, producer): [cells right, cells, metadata right, metadata]."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case in set_cases(name, prefix):
        truth = json.loads((SOURCES / f"{case.name}.json").read_text())
        variant = "borderless" if is_borderless(truth) else "ruled"
        for producer in PRODUCERS:
            pdf = case / f"{producer}.pdf"
            if not pdf.exists():
                continue
            got = score(pdf, truth, verbose)
            print(
                f"  {case.name}/{producer}.pdf: cells {got[0]}/{got[1]}, metadata {got[2]}/{got[3]}",
                flush=True,
            )
            tally = totals[(variant, producer)]
            for i, value in enumerate(got):
                tally[i] += value
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("tuning", "held-out", "all"), default="all")
    ap.add_argument("--case", default="", help="only the cases whose name starts so")
    ap.add_argument("-v", action="store_true", help="list every wrong cell (tuning set)")
    ap.add_argument("--show-held-out", action="store_true", help="let -v list the held-out set's cells too")
    args = ap.parse_args()
    for name in SETS:
        if args.set not in (name, "all"):
            continue
        verbose = args.v and (name == "tuning" or args.show_held_out)
        print(f"{name}:")
        totals = run(name, args.case, verbose)
        for (variant, producer), (right, cells, meta, metas) in sorted(totals.items()):
            share, meta_share = 100 * right / max(cells, 1), 100 * meta / max(metas, 1)
            print(
                f"TOTAL {name} {variant} {producer}: cells {right}/{cells} = {share:.2f}%, "
                f"metadata {meta}/{metas} = {meta_share:.1f}%"
            )
        print()


if __name__ == "__main__":
    main()
