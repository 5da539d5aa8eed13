"""Benchmark: building the report site (`warehouse.site.build_site`) from the demo data.

    uv run python bench/site_build.py                   # runs `ogi demo` into a temp dir first
    uv run python bench/site_build.py --data-dir DIR    # an existing data directory
    uv run python bench/site_build.py --repeat 5

Reports the wall time of a cold build (no previous site: the web font is subset) and of warm
rebuilds (previous site present, same data: the font is reused), the time spent in each stage
(queries, charts, report pages, web font), and the number and size of the pages.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.paths import DataPaths  # noqa: E402
from warehouse.site import build_site, charts, fonts, pages, queries, trends  # noqa: E402

# stage → the module attributes build_site calls for it
STAGES = {
    "queries": [
        (queries, n)
        for n in (
            "coverage",
            "report_pages",
            "failing_checks",
            "received_by_district",
            "mix_by_district",
            "top_not_held",
        )
    ],
    "charts": [(trends, "draw"), (charts, "share_chart")],
    "pages": [
        (pages, n) for n in ("coverage_page", "report_page", "checks_page", "trends_page", "downloads_page")
    ],
    "web font": [(fonts, "write_web_font")],
}


@contextmanager
def stage_timer(totals: dict[str, float]):
    """Wrap the stage functions so each build adds its time per stage to `totals`."""
    saved = []
    for stage, targets in STAGES.items():
        for module, name in targets:
            original = getattr(module, name)

            def timed(*args, _original=original, _stage=stage, **kwargs):
                started = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    totals[_stage] += time.perf_counter() - started

            saved.append((module, name, original))
            setattr(module, name, timed)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def demo_data(root: Path) -> DataPaths:
    paths = DataPaths.resolve(root / "data")
    print("running `ogi demo` for the demo data ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "ogi", "demo", "--data-dir", str(paths.root)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([sys.executable, "-m", "ogi", "prefect", "stop", "--data-dir", str(paths.root)], cwd=ROOT)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths.resolve(args.data_dir) if args.data_dir else demo_data(Path(tmp))
        out = Path(tmp) / "site"
        cold_totals: dict[str, float] = defaultdict(float)
        with stage_timer(cold_totals):
            started = time.perf_counter()
            index = build_site(paths, out)
            cold = time.perf_counter() - started
        warm, warm_totals = [], defaultdict(float)
        with stage_timer(warm_totals):
            for _ in range(args.repeat):
                started = time.perf_counter()
                build_site(paths, out)
                warm.append(time.perf_counter() - started)
        files = [p for p in index.parent.rglob("*") if p.is_file()]
        html = [p for p in files if p.suffix == ".html"]
        print(f"{len(html)} pages, {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")
        print(
            f"cold build {cold:.2f} s; warm rebuild median {statistics.median(warm):.2f} s "
            f"(min {min(warm):.2f}, {args.repeat} runs)"
        )
        for stage in STAGES:
            print(
                f"  {stage:10} cold {cold_totals[stage]:.2f} s, warm {warm_totals[stage] / args.repeat:.2f} s"
            )


if __name__ == "__main__":
    main()
