"""The whole nightly run on a mirror of ~1,000 reports: wall time and peak memory of a first
run and of a no-change run, and the share of both taken by Prefect's own start-up.

Each run is `ogi run` in a fresh process, as cron or the scheduler starts it; the mirror
(scale 2: six districts plus the other families, ~1,079 reports) is served from this process
on 127.0.0.1 with per-host limits lifted. Prefect's start-up is measured as a trivial flow in
a fresh process on the same Prefect home.

    uv run python bench/nightly_run.py [--scale 2]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRIVIAL_FLOW = """
from prefect import flow
@flow
def noop():
    return 1
noop()
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, output) of one child process."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({proc.returncode}):\n{out[-3000:]}")
    return time.monotonic() - start, usage.ru_maxrss / 1024, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=2)
    args = ap.parse_args()
    from mirror.testing import running_mirror

    with (
        tempfile.TemporaryDirectory(prefix="ogi-bench-") as tmp,
        running_mirror(Path(tmp) / "mirror", scale=args.scale) as mirror,
    ):
        data = Path(tmp) / "data"
        env = {
            **os.environ,
            **mirror.env(),
            "OGI_POLITENESS": "lifted",
            "PREFECT_HOME": str(data / "prefect"),
        }
        reports = len(mirror.manifest["reports"])
        rows = []
        for label in ("first run", "no-change run"):
            wall, rss, out = timed([sys.executable, "-m", "ogi", "run", "--data-dir", str(data)], env)
            inner = re.search(r"Duration ([\d.]+) s", out)
            parsed = re.search(r"(\d+) reports parsed", out)
            rows.append(
                (
                    label,
                    wall,
                    rss,
                    float(inner.group(1)) if inner else float("nan"),
                    parsed.group(1) if parsed else "?",
                )
            )
        startup, startup_rss, _ = timed([sys.executable, "-c", TRIVIAL_FLOW], env)
    print(f"mirror: {reports} reports (scale {args.scale})")
    print(
        f"{'run':<14} {'wall s':>7} {'flow s':>7} {'parsed':>7} {'peak MB':>8} {'Prefect start-up share':>24}"
    )
    for label, wall, rss, inner, parsed in rows:
        print(f"{label:<14} {wall:7.1f} {inner:7.1f} {parsed:>7} {rss:8.0f} {startup / wall:23.0%}")
    print(f"Prefect start-up alone (trivial flow, fresh process): {startup:.1f} s, {startup_rss:.0f} MB")


if __name__ == "__main__":
    main()
