"""Web-archive benchmark: export a crawl of the mirror as WARC, read it back, replay the crawl.

    uv run python bench/web_archive.py [--scale 1]

Crawls the six registry districts of the mirror (per-host limits lifted), then times
`export_warc` (the raw archive → WARC, size), and two imports of that file into fresh
archives: our export (capture log restored) and the same records without our capture lines
(`tests/archives/warc_kit.foreign_warc`, third-party habits: the registry crawl is replayed
against it). Parsing and loading are not timed here: they cost what a nightly run's do
(bench/parse_throughput.py, bench/warehouse_load.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from extract.archive import Archive
from extract.crawl import crawl
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.registry import load_registry
from extract.routing import MirrorRoute
from extract.warc_export import export_warc
from extract.warc_import import import_warcs
from mirror import start_mirror

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.archives.warc_kit import foreign_warc


def _timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    registry = load_registry()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        mirror = start_mirror(root / "mirror", seed=0, scale=args.scale)
        try:
            client = HttpClient(
                HttpPolicy(retries=1, backoff=0.05),
                HostLimiter(Politeness.lifted()),
                MirrorRoute.from_env(mirror.env()),
            )
            archive = Archive(root / "raw")
            summary, crawl_s = _timed(
                lambda: crawl([], archive, client, districts=registry.districts, registry_politeness=False)
            )
        finally:
            mirror.stop()
        exported, export_s = _timed(export_warc, archive, root / "export.warc.gz")
        written = foreign_warc(archive, root / "foreign.warc.gz")
        restored, restore_s = _timed(import_warcs, [exported.path], Archive(root / "a"), registry)
        replayed, replay_s = _timed(import_warcs, [written.path], Archive(root / "b"), registry)
    print(
        json.dumps(
            {
                "scale": args.scale,
                "crawl": {
                    "seconds": round(crawl_s, 2),
                    "captures": exported.captures,
                    "reports": len(summary.reports),
                },
                "export": {
                    "seconds": round(export_s, 2),
                    "mbytes": round(exported.bytes / 2**20, 1),
                    "captures_per_s": round(exported.captures / export_s),
                    "responses": exported.responses,
                    "revisits": exported.revisits,
                },
                "import_own_export": {
                    "seconds": round(restore_s, 2),
                    "records_per_s": round(restored.records / restore_s),
                    "restored": restored.restored,
                },
                "import_foreign_replayed": {
                    "seconds": round(replay_s, 2),
                    "records_per_s": round(replayed.records / replay_s),
                    "replayed_captures": len(replayed.replay.captures),
                    "not_archived": len(replayed.not_archived),
                    "described": replayed.described,
                },
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
