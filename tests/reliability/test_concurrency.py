"""Two writers of one data directory, without Prefect: exports and the capture log.

An analyst's `ogi export` does not take the run lock (it only reads the snapshot), so it can
meet the nightly run's own export, into the same directory, at the same time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.paths import DataPaths
from flows.ingest import ingest
from tests import corpus
from warehouse.publish.export import export

from .compare import leftovers
from .killpoints import ACTION_ENV, ENV, RELEASE_ENV

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> DataPaths:
    """A data directory with a published snapshot of the corpus reports."""
    paths = DataPaths.resolve(tmp_path_factory.mktemp("concurrent") / "data")
    ingest(corpus.sources(), paths)
    export(paths)
    return paths


def _stalled(args: list[str], point: str, release: Path) -> tuple[subprocess.Popen, list[str]]:
    """`ogi ARGS` held at a kill point (stall action) until `release` exists."""
    env = {**os.environ, ENV: point, ACTION_ENV: "stall", RELEASE_ENV: str(release), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.killpoints", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + 120
    while not any(line.startswith("STALLED") for line in lines):
        assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-2000:]
        time.sleep(0.05)
    return proc, lines


def _whole(out_dir: Path) -> bool:
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    present = {
        p.relative_to(out_dir).as_posix()
        for p in out_dir.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    return listed == present


def test_an_export_started_during_another_export_waits_for_it(published, tmp_path, ledger):
    release = tmp_path / "release"
    nightly, lines = _stalled(["export", "--data-dir", str(published.root)], "export.write:2", release)
    analyst: dict[str, object] = {}

    def analyst_export() -> None:
        try:
            analyst["result"] = export(published)
        except Exception as exc:  # the assertion below names it
            analyst["error"] = exc

    thread = threading.Thread(target=analyst_export)
    thread.start()
    time.sleep(1.0)  # the analyst's export is under way meanwhile
    release.touch()
    assert nightly.wait(timeout=120) == 0, "".join(lines)[-2000:]
    thread.join(timeout=120)
    assert "error" not in analyst, analyst.get("error")
    whole = _whole(published.exports)
    assert whole and leftovers(published.root) == []
    ledger.record(
        "`ogi export` during the nightly run's export",
        "concurrency",
        outcome="the second export waits; both complete, the export is whole",
        corrupted=int(not whole),
    )
