"""Benchmark the local mirror: start-up time, first-render and cached throughput.

    uv run python bench/mirror_serve.py [--scale 2] [--workers 4]

Fetches every report URL in the manifest twice (first render, then cached) with plain
urllib3 through the mirror's routing (Host header + SNI), and prints seconds and requests/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import urllib3

from mirror import start_mirror


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    t0 = time.perf_counter()
    with start_mirror(Path(tempfile.mkdtemp()), scale=args.scale) as m:
        started = time.perf_counter() - t0
        urls = [r["url"] for r in m.manifest["reports"]]
        http = urllib3.HTTPConnectionPool("127.0.0.1", m.http_port, maxsize=args.workers)

        def get(url: str) -> int:
            parts = urlsplit(url)
            if parts.scheme == "https":
                pool = urllib3.HTTPSConnectionPool(
                    "127.0.0.1",
                    m.https_port,
                    server_hostname=parts.hostname,
                    assert_hostname=parts.hostname,
                    ca_certs=str(m.ca_bundle),
                )
            else:
                pool = http
            r = pool.request("GET", parts.path, headers={"Host": parts.hostname}, retries=False)
            return len(r.data)

        for label in ("first render", "cached"):
            t = time.perf_counter()
            with ThreadPoolExecutor(args.workers) as ex:
                total = sum(ex.map(get, urls))
            dt = time.perf_counter() - t
            print(
                f"{label:>12}: {len(urls)} reports, {total / 1e6:.1f} MB in {dt:.2f}s "
                f"= {len(urls) / dt:.0f} req/s"
            )
        print(f"{'start-up':>12}: {started:.2f}s (scale={args.scale})")


if __name__ == "__main__":
    main()
