"""Parse throughput on ~100 KB HTML report pages, beside `pandas.read_html` on the same pages.

One process, one core, CPU time (`time.process_time`: on a shared machine wall time moves with
the load, and both sides run single-threaded in this process); imports and a warm-up pass are
excluded. "ours" is the whole parse —
decode, grid, rows, labels, alignment, checks and the JSON line — while the baseline is
`pandas.read_html` extracting the tables alone, before any mapping to codes.

    uv run python bench/parse_throughput.py [--pages 60] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

from timing import best_of, one_core

ROOT = Path(__file__).resolve().parent.parent


def pages(n: int) -> list[tuple[str, bytes]]:
    """The real saved page from the corpus (where this machine has it), then generated
    district pages (site chrome included) from the local mirror, ~50–120 KB each."""
    from mirror import corpus
    from mirror.families import build_site

    real = corpus.case_file("shuyang-drc-2023", "source.html")
    out = [("corpus shuyang-drc-2023", real.read_bytes())] if real else []
    site = build_site(0, 1)
    for report in site.reports:
        m = report.to_manifest()
        if m.get("form") != "html" or not m.get("template") or m.get("expected_outcome") not in (None, "ok"):
            continue
        parts = urlsplit(m["url"])
        body = site.lookup(parts.hostname).static[parts.path].body()
        out.append((m["url"], body))
        if len(out) >= n:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    one_core()

    import pandas as pd

    from transform.parse import parse_bytes

    docs = pages(args.pages)
    texts = [body.decode("utf-8", errors="replace") for _, body in docs]
    size_kb = statistics.mean(len(body) for _, body in docs) / 1024

    def ours():
        for name, body in docs:
            parse_bytes(body, name).to_json_line()

    def baseline():
        for text in texts:
            pd.read_html(io.StringIO(text))

    ours(), baseline()  # warm-up: imports, caches
    t_ours = best_of(args.repeat, ours, clock=time.process_time) / len(docs)
    t_base = best_of(args.repeat, baseline, clock=time.process_time) / len(docs)
    print(f"pages: {len(docs)} (mean {size_kb:.0f} KB, site chrome included)")
    print(f"ogi parse (whole parse + JSON): {t_ours * 1000:.2f} ms/page = {1 / t_ours:.0f} reports/s")
    print(f"pandas.read_html (tables only): {t_base * 1000:.2f} ms/page")
    print(f"speed-up: {t_base / t_ours:.1f}x")


if __name__ == "__main__":
    main()
