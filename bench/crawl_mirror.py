"""Crawler benchmark against the local mirror: cold crawl throughput and no-change re-crawl.

    uv run python bench/crawl_mirror.py [--scale 2] [--workers 8]

Scale 2 serves ~1,000 reports. Per-host limits are lifted (this measures the crawler, not
politeness). The cold crawl reports pages/s (requests the mirror answered / wall time); the
re-crawl is the nightly case: every page answered 304 to a conditional GET, no body fetched
twice, nothing to re-parse. Target: re-crawl of 1,000 reports under 30 s.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from extract.archive import Archive
from extract.crawl import crawl
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.registry import adhoc_source
from extract.routing import MirrorRoute
from mirror import start_mirror


def mirror_sources(manifest: dict) -> list:
    """One source per configured column the mirror serves (a column may hold many agencies)."""
    columns: dict[str, dict] = {}
    for source in manifest["sources"]:
        if source["configured"]:
            columns.setdefault(source["column_url"], source)
    return [replace(adhoc_source(url, s["family"]), key=s["key"]) for url, s in columns.items()]


def timed_crawl(sources, archive, client, mirror, workers):
    mirror.reset_log()
    started = time.perf_counter()
    summary = crawl(sources, archive, client, workers=workers, registry_politeness=False)
    elapsed = time.perf_counter() - started
    requests = mirror.requests
    return summary, elapsed, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        mirror = start_mirror(Path(tmp) / "mirror", seed=0, scale=args.scale)
        try:
            client = HttpClient(
                HttpPolicy(retries=1, backoff=0.05),
                HostLimiter(Politeness.lifted()),
                MirrorRoute.from_env(mirror.env()),
            )
            sources = mirror_sources(mirror.manifest)
            archive = Archive(Path(tmp) / "raw")
            cold, cold_s, cold_req = timed_crawl(sources, archive, client, mirror, args.workers)
            warm, warm_s, warm_req = timed_crawl(sources, archive, client, mirror, args.workers)
        finally:
            mirror.stop()
    print(
        json.dumps(
            {
                "scale": args.scale,
                "workers": args.workers,
                "sources": len(sources),
                "reports_found": len(cold.reports),
                "cold": {
                    "seconds": round(cold_s, 2),
                    "requests": len(cold_req),
                    "pages_per_s": round(len(cold_req) / cold_s, 1),
                    "mbytes": round(sum(r.bytes_sent for r in cold_req) / 2**20, 1),
                },
                "recrawl": {
                    "seconds": round(warm_s, 2),
                    "requests": len(warm_req),
                    "not_modified_304": sum(r.status == 304 for r in warm_req),
                    "bodies_200": sum(r.status == 200 and r.bytes_sent > 0 for r in warm_req),
                    "reports_found": len(warm.reports),
                },
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
