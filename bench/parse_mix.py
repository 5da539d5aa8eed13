"""Parse rate per form over everything the local mirror serves (one process, one core).

This is the per-worker rate that docs/scaling.md plans with: HTML pages are cheap, PDFs
(pdfplumber) dominate, so a cluster's size follows its share of PDF attachments.

    uv run python bench/parse_mix.py
"""

from __future__ import annotations

import time
from collections import defaultdict
from urllib.parse import urlsplit

from timing import one_core


def main() -> None:
    one_core()
    from mirror.families import build_site
    from transform.parse import parse_bytes

    site = build_site(0, 1)
    bodies = []
    for report in site.reports:
        m = report.to_manifest()
        if m.get("expected_outcome") not in (None, "ok"):
            continue
        parts = urlsplit(m["url"])
        bodies.append((m["form"], m["url"], site.lookup(parts.hostname).static[parts.path].body()))
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for form, url, body in bodies:
        start = time.process_time()
        parse_bytes(body, url)
        seconds[form] += time.process_time() - start
        counts[form] += 1
    total_s, total_n = sum(seconds.values()), sum(counts.values())
    print(f"{'form':<6} {'reports':>8} {'ms/report':>10} {'reports/s':>10}")
    for form in sorted(counts):
        ms = 1000 * seconds[form] / counts[form]
        print(f"{form:<6} {counts[form]:>8} {ms:>10.1f} {1000 / ms:>10.1f}")
    print(f"{'mix':<6} {total_n:>8} {1000 * total_s / total_n:>10.1f} {total_n / total_s:>10.1f}")


if __name__ == "__main__":
    main()
