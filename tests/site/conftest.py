"""Site fixtures: the demo data built once by the real nightly flow, and the site built from it.

The demo is `ogi demo` in a subprocess: the local mirror on 127.0.0.1, the nightly Prefect flow
(crawl → parse → load → checks → publish → export) with a Prefect server of its own (stopped
once the demo is done), so nothing here shares Prefect settings with other test packages.
Under pytest-xdist the workers share one demo (the first to take the lock builds it in the
session's common temp dir), since it is the slowest thing these tests need.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from site_kit import run_ogi

from core.paths import DataPaths


@pytest.fixture(scope="session")
def demo_paths(tmp_path_factory, worker_id) -> DataPaths:
    """A data directory filled by the nightly flow against the mirror (published + exported)."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # xdist: basetemp/popen-gwN, shared by all workers
        shared = shared.parent
    paths = DataPaths.resolve(shared / "site-demo" / "data")
    with open(shared / "site-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done_marker = shared / "site-demo" / "built"
        if not done_marker.exists():
            done = run_ogi("demo", "--data-dir", str(paths.root))
            run_ogi("prefect", "stop", "--data-dir", str(paths.root))  # the demo keeps its server
            assert done.returncode == 0, f"ogi demo failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            done_marker.touch()
    assert paths.published.is_file() and (paths.exports / "manifest.json").is_file()
    return paths


@pytest.fixture(scope="session")
def demo_site(demo_paths, tmp_path_factory) -> Path:
    """The site built from the demo data into a directory of its own; returns index.html."""
    from warehouse.site import build_site

    return build_site(demo_paths, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def snapshot(demo_paths):
    from warehouse.store.db import connect_reader

    con = connect_reader(demo_paths.published)
    yield con
    con.close()
