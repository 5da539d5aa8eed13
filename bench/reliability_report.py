"""Rerun the reliability suite and write its results into docs/reliability.md.

    uv run python bench/reliability_report.py [--runs 1] [--fuzz-seconds 120] [--no-scaling]

1. Runs `pytest tests/reliability` `--runs` times (two workers, as `make test` does) with
   `OGI_RELIABILITY_LEDGER` set: every test that injects a fault appends what it injected
   and what it measured (reports or objects lost, corrupted) to the ledger.
2. Runs a coverage-guided atheris session of `--fuzz-seconds` on the parser.
3. Measures parse time against input size for hostile shapes (`tests/reliability/scaling`).
4. Rewrites the generated part of docs/reliability.md (between the `reliability:generated`
   markers) with one row per fault: runs, times injected, outcome, lost, corrupted; and the
   totals line "N faults injected, L reports lost, C corrupted".
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.ledger import ENV, Entry, read  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
START, END = "<!-- reliability:generated:start -->", "<!-- reliability:generated:end -->"
CATEGORIES = {
    "network": "Network faults (crawl of a site already archived and loaded)",
    "redirect": "Redirects and the allow-list",
    "document": "Hostile documents",
    "process": "Process faults (SIGKILL)",
    "concurrency": "Concurrency",
    "input": "Hostile input to the parser (fuzzing)",
    "security": "Security",
}


def run_suite(runs: int, ledger: Path) -> list[tuple[int, float]]:
    results = []
    for n in range(runs):
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/reliability",
                "-n",
                "2",
                "--dist",
                "loadfile",
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            cwd=REPO,
            env={**os.environ, ENV: str(ledger)},
        )
        results.append((done.returncode, time.monotonic() - started))
        print(f"suite run {n + 1}/{runs}: exit {done.returncode} in {results[-1][1]:.0f} s", flush=True)
    return results


def fuzz(seconds: int) -> str:
    if seconds <= 0:
        return ""
    with tempfile.TemporaryDirectory(prefix="ogi-fuzz-") as work:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.reliability.fuzz_parser",
                f"-max_total_time={seconds}",
                "-max_len=65536",
                "-timeout=30",
                "-rss_limit_mb=3000",
                "-print_final_stats=1",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        crashes = len(list(Path(work).glob("crash-*")) + list(Path(work).glob("timeout-*")))
    runs = re.search(r"stat::number_of_executed_units:\s+(\d+)", done.stderr)
    cov = re.findall(r"cov: (\d+)", done.stderr)
    return (
        f"atheris, {seconds} s: {int(runs.group(1)) if runs else 0:,} inputs executed, "
        f"{cov[-1] if cov else '?'} coverage edges, {crashes} crashes or timeouts "
        f"(exit {done.returncode})"
    )


def scaling_table() -> list[str]:
    from tests.reliability.scaling import SHAPES, measure

    rows = ["| shape | sizes (KB) | best of 3 (ms) | growth exponent |", "|---|---|---|---|"]
    for shape in SHAPES:
        result = measure(shape)
        rows.append(
            f"| {shape} | {' / '.join(f'{s >> 10:,}' for s in result.sizes)} | "
            f"{' / '.join(f'{t * 1000:.0f}' for t in result.seconds)} | "
            f"{result.exponent:.2f} |"
        )
    return rows


def _short(text: str, limit: int = 150) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _total(group: list[Entry], field: str) -> str:
    """The sum where the test measured it; "–" where no stored data was at risk."""
    values = [getattr(e, field) for e in group if getattr(e, field) is not None]
    return str(sum(values)) if values else "–"


def fault_table(entries: list[Entry]) -> list[str]:
    by_fault: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        by_fault[(entry.category, entry.fault)].append(entry)
    lines = []
    for category, title in CATEGORIES.items():
        faults = sorted((f, e) for (c, f), e in by_fault.items() if c == category)
        if not faults:
            continue
        lines += [
            f"### {title}",
            "",
            "| fault or input | runs | injected | outcome | lost | corrupted |",
            "|---|---|---|---|---|---|",
        ]
        for fault, group in faults:
            outcome = _short(group[-1].outcome.replace("|", "\\|").replace("\n", " "))
            lines.append(
                f"| {fault} | {len(group)} | {sum(e.injected for e in group):,} | "
                f"{outcome} | {_total(group, 'lost')} | "
                f"{_total(group, 'corrupted')} |"
            )
        lines.append("")
    return lines


def render(entries: list[Entry], suite: list[tuple[int, float]], fuzz_line: str, scaling: list[str]) -> str:
    injected = sum(e.injected for e in entries)
    at_risk = [e for e in entries if e.lost is not None or e.corrupted is not None]
    lost, corrupted = sum(e.lost or 0 for e in at_risk), sum(e.corrupted or 0 for e in at_risk)
    kinds = len({(e.category, e.fault) for e in entries})
    out = [
        START,
        "",
        f"Generated by `uv run python bench/reliability_report.py` on "
        f"{time.strftime('%Y-%m-%d')}: the suite ran {len(suite)} time(s) "
        f"({', '.join(f'exit {rc} in {s:.0f} s' for rc, s in suite)}).",
        "",
        f"**{injected:,} faults and hostile inputs injected ({kinds} kinds), {lost} reports "
        f"lost, {corrupted} corrupted.** Lost and corrupted are measured by the "
        f"{len({e.fault for e in at_risk})} kinds of fault that put stored data at risk (a "
        'data directory already archived and loaded, then compared); "–" marks faults '
        "where nothing stored was at risk.",
        "",
    ]
    out += fault_table(entries)
    if fuzz_line:
        out += ["### Coverage-guided fuzzing", "", fuzz_line, ""]
    if scaling:
        out += [
            "### Parse time against input size",
            "",
            "Exponent 1 is linear (time doubles with size), 2 quadratic.",
            "",
            *scaling,
            "",
        ]
    out.append(END)
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1, help="how many times to run the suite")
    ap.add_argument("--fuzz-seconds", type=int, default=120)
    ap.add_argument("--no-scaling", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ogi-ledger-") as tmp:
        ledger = Path(tmp) / "ledger.jsonl"
        suite = run_suite(args.runs, ledger)
        entries = read(str(ledger)) if ledger.exists() else []
    fuzz_line = fuzz(args.fuzz_seconds)
    scaling = [] if args.no_scaling else scaling_table()
    generated = render(entries, suite, fuzz_line, scaling)
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{DOC}: the markers {START} / {END} are missing")
    DOC.write_text(
        text[: text.index(START)] + generated + text[text.index(END) + len(END) :], encoding="utf-8"
    )
    print(generated)
    if any(rc != 0 for rc, _ in suite):
        raise SystemExit("the reliability suite failed; the table shows the runs that passed")


if __name__ == "__main__":
    main()
