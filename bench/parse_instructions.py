"""Instructions per HTML page of the whole parse (decode … JSON line), counted by callgrind.

CPU time on a shared machine moves by ±15 % with the load; an instruction count does not (it
varies by about ±0.1 M with hash seeds and collector timing), so a change of a few per cent in
the parser shows here when `parse_throughput.py` cannot see it. The count covers exactly the
parse of the bench pages (`parse_throughput.pages`): imports and a warm-up pass run with
callgrind's instrumentation off, then it is switched on and only what runs inside
`functools.reduce` (the loop over the pages) is counted.

    uv run python bench/parse_instructions.py [--pages 30]

Needs valgrind (`callgrind_control` too); takes ~40 s for 30 pages.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_UNDER_VALGRIND = "OGI_BENCH_UNDER_CALLGRIND"


def count(pages: int) -> None:
    """The counted run, inside valgrind: warm up, switch instrumentation on, parse."""
    from parse_throughput import pages as bench_pages

    from transform.parse import parse_bytes

    docs = bench_pages(pages)
    for name, body in docs:  # warm-up: imports, label and number memos
        parse_bytes(body, name).to_json_line()
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
    functools.reduce(lambda _, doc: parse_bytes(doc[1], doc[0]).to_json_line(), docs, None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    args = ap.parse_args()
    if os.environ.get(_UNDER_VALGRIND):
        count(args.pages)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("parse_instructions: valgrind (with callgrind_control) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--collect-atstart=no",
            "--toggle-collect=functools_reduce",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            f"--pages={args.pages}",
        ]
        env = {**os.environ, _UNDER_VALGRIND: "1"}
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M) if out.exists() else None
        if run.returncode != 0 or found is None:
            sys.exit(f"parse_instructions: the counted run failed:\n{run.stderr[-2000:]}")
    print(f"pages: {args.pages}")
    print(f"ogi parse (whole parse + JSON): {int(found.group(1)) / args.pages / 1e6:.2f} M instructions/page")


if __name__ == "__main__":
    main()
