"""Cells read right on scans, every OCR cell marked, and every misread caught by a check.

    uv run python bench/ocr_accuracy.py [--set tuning|held-out|all] [--limit N] [-v]

Two sets, so that what the OCR reader was tuned on is not what it is judged on:

- `tuning`: the mirror reports' `scan.pdf` made by make_forms.sh (LibreOffice print, 150 dpi
  greyscale), /work/scratch/forms/<case>/scan.pdf, values from /work/scratch/src/<case>.json;
- `held-out`: scans made here and never looked at while tuning — the mirror's own PDF writer
  (7.5 pt table text, another layout) for report seeds 100–111, and LibreOffice's office.pdf of
  the second half of the scratch cases rescanned — each at a random resolution (150–300 dpi),
  rotation (0.5–1.5°), noise and JPEG quality (tests/fixtures/scan/variants.py).

For each wrong cell the question is whether the report's identities expose it: a cell of
table 3 or 4 is caught when a check over its row or column does not pass. A printed 0 read as
blank changes no sum (the checks pass "with blank cells read as 0"), and table 2 has no
identity, so those are counted apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transform.parse import parse_bytes

FORMS = Path("/work/scratch/forms")
SOURCES = Path("/work/scratch/src")
TABLES = ("applications", "review_litigation", "proactive")


def _tuning() -> list[tuple[str, bytes, dict]]:
    cases = []
    for case in sorted(FORMS.glob("m0-*")):
        manifest = SOURCES / f"{case.name}.json"
        if (case / "scan.pdf").exists() and manifest.exists():
            cases.append(
                (
                    f"{case.name}/scan.pdf",
                    (case / "scan.pdf").read_bytes(),
                    json.loads(manifest.read_text())["values"],
                )
            )
    return cases


def _held_out() -> list[tuple[str, bytes, dict]]:
    from tests.fixtures.scan.variants import mirror_pdf, page_images, random_damage, scan_pdf

    rng = random.Random(2026)
    cases = []
    for seed in range(100, 112):
        pdf, truth = mirror_pdf(seed)
        damage = random_damage(rng)
        cases.append(
            (f"mirror-{seed}/{damage.label()}", scan_pdf(page_images(pdf, damage, seed), damage), truth)
        )
    for case in sorted(FORMS.glob("m0-*"))[8:]:
        manifest = SOURCES / f"{case.name}.json"
        if (case / "office.pdf").exists() and manifest.exists():
            damage = random_damage(rng)
            images = page_images((case / "office.pdf").read_bytes(), damage, len(cases))
            cases.append(
                (
                    f"{case.name}/office-rescanned/{damage.label()}",
                    scan_pdf(images, damage),
                    json.loads(manifest.read_text())["values"],
                )
            )
    return cases


def _caught(table: str, row: str, col: str, checks: list[dict]) -> bool:
    if table == "applications":
        return any(
            c["status"] != "pass"
            and c.get("row", c.get("column")) in (row, col)
            and c["rule"].startswith("t3.")
            for c in checks
        )
    if table == "review_litigation":
        return any(
            c["status"] != "pass" and c["rule"] == "t4.total" and c.get("proceeding") == row for c in checks
        )
    return False


def _score(name: str, data: bytes, truth: dict, verbose: bool) -> dict[str, int]:
    started = time.perf_counter()
    result = parse_bytes(data, name).to_contract()
    marks = result.get("cell_extraction", {})
    tally = {
        "cells": 0,
        "right": 0,
        "marked": 0,
        "wrong_t34": 0,
        "caught": 0,
        "wrong_t2": 0,
        "blank_for_zero": 0,
        "missing": 0,
    }
    for table in TABLES:
        for row, cols in (truth.get(table) or {}).items():
            for col, value in cols.items():
                got = result.get(table, {}).get(row, {}).get(col, "missing")
                tally["cells"] += 1
                method = marks.get(table, {}).get(row, {}).get(col, {}).get("method")
                tally["marked"] += got in (None, "missing") or method == "ocr"  # blanks: nothing read
                right = (got in (None, "missing") and value is None) or (
                    got not in (None, "missing") and value is not None and abs(got - value) < 0.005
                )
                if right:
                    tally["right"] += 1
                    continue
                if got == "missing":
                    tally["missing"] += 1  # the row or table was not read: its warning says so
                    flag = "not read (see warnings)"
                elif table == "proactive":
                    tally["wrong_t2"] += 1
                    flag = "no identity"
                elif (got if isinstance(got, int | float) else 0) == (value or 0):
                    tally["blank_for_zero"] += 1  # a printed 0 read as blank: every sum the same
                    flag = "0 read as blank: no identity changes"
                else:
                    tally["wrong_t34"] += 1
                    caught = _caught(table, row, col, result["checks"])
                    tally["caught"] += caught
                    flag = "caught" if caught else "NOT CAUGHT"
                if verbose:
                    print(f"    {table}.{row}.{col}: expected {value}, got {got} ({flag})")
    print(
        f"  {name}: {tally['right']}/{tally['cells']} right, {tally['marked']} marked ocr, "
        f"{tally['caught']}/{tally['wrong_t34']} misreads caught, {tally['blank_for_zero']} zeros read "
        f"as blank, {tally['wrong_t2']} in table 2, {tally['missing']} not read, "
        f"extraction={result['extraction']}, {time.perf_counter() - started:.0f} s"
    )
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("tuning", "held-out", "all"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="files per set at most")
    ap.add_argument("-v", action="store_true", help="list every wrong cell")
    args = ap.parse_args()
    sets = {"tuning": _tuning, "held-out": _held_out}
    for name, build in sets.items():
        if args.set not in (name, "all"):
            continue
        cases = build()[: args.limit or None]
        print(f"{name}: {len(cases)} scans")
        total: dict[str, int] = {}
        for case in cases:
            for key, value in _score(*case, args.v).items():
                total[key] = total.get(key, 0) + value
        if not cases:
            continue
        print(
            f"TOTAL {name}: cells {total['right']}/{total['cells']} = "
            f"{100 * total['right'] / total['cells']:.2f}%, marked ocr {total['marked']}/{total['cells']}, "
            f"misreads in tables 3-4 caught by a check {total['caught']}/{total['wrong_t34']}, "
            f"printed zeros read as blank (no identity changes) {total['blank_for_zero']}, "
            f"misreads in table 2 (no identity) {total['wrong_t2']}, "
            f"cells not read at all (row or table missed, with a warning) {total['missing']}\n"
        )


if __name__ == "__main__":
    main()
