"""Site fixtures: the demo data built once per session by the real nightly flow, and the site.

The demo is `ogi demo` in a subprocess: the local mirror on 127.0.0.1, the nightly Prefect flow
(crawl → parse → load → checks → publish → export) with its own ephemeral Prefect server, so
nothing here shares Prefect settings with other test packages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_kit import run_ogi

from ogi.paths import DataPaths


@pytest.fixture(scope="session")
def demo_paths(tmp_path_factory) -> DataPaths:
    """A data directory filled by the nightly flow against the mirror (published + exported)."""
    paths = DataPaths.resolve(tmp_path_factory.mktemp("site-demo") / "data")
    done = run_ogi("demo", "--data-dir", str(paths.root))
    assert done.returncode == 0, f"ogi demo failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert paths.published.is_file() and (paths.exports / "manifest.json").is_file()
    return paths


@pytest.fixture(scope="session")
def demo_site(demo_paths, tmp_path_factory) -> Path:
    """The site built from the demo data into a directory of its own; returns index.html."""
    from warehouse.site import build_site

    return build_site(demo_paths, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def snapshot(demo_paths):
    from warehouse.db import connect_reader

    con = connect_reader(demo_paths.published)
    yield con
    con.close()
