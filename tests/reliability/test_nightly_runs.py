"""The real nightly run (`ogi run`, Prefect and all) killed in every phase, and run while
others want the same data directory.

SIGKILL in every phase, rerun, and compare with a run that was never interrupted:

One data directory goes through a chain of runs, each killed at a different point (see
`killpoints`): while fetching a body, while appending a capture, inside a load transaction,
while copying the snapshot, while writing the export. After each kill the analysts' view must
still be whole (no snapshot, or a complete one); after the clean rerun that ends the chain,
the warehouse, the snapshot and the export equal those of a reference directory built by one
uninterrupted run (`compare` says which columns legitimately differ: times and run ids), no
partial file is left anywhere and every archived object hashes to its name. A chain costs
one Prefect run per kill instead of two, and recovers from every kind of kill in turn.

Concurrency: a run held just before it publishes (its loads committed, the lock held) is met
by a second `ogi run`, an `ogi crawl` and an `ogi ingest`, which must exit at once naming the
holder, and by analysts reading the snapshot in a loop, who must only ever see the snapshot
before the run or the one after it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from mirror.testing import running_mirror
from tests import corpus

from .compare import archive_problems, export_digest, leftovers, warehouse_digest
from .killpoints import ACTION_ENV, ENV, RELEASE_ENV

REPO = Path(__file__).resolve().parents[2]
SCOPE = ("--source", "huli/wjj", "--source", "haicang/qxfj")  # two districts, HTML and PDF
CHAIN = ("fetch.object:6", "fetch.log:4", "load.insert:2", "publish.copy", "export.write:3")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A Prefect server shared by every run of the module, and the mirror the runs crawl."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    import prefect.settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=120),
        running_mirror(tmp_path_factory.mktemp("kill-mirror")) as mirror,
    ):
        yield (
            mirror,
            {
                **os.environ,
                **mirror.env(),
                "OGI_POLITENESS": "lifted",
                "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value(),
                "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
                "PYTHONPATH": str(REPO),
            },
        )


def ogi(env: dict[str, str], *args: str, kill_at: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.reliability.killpoints", *args],
        env={**env, ENV: kill_at},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def nightly(env, data: Path, kill_at: str = "") -> subprocess.CompletedProcess:
    return ogi(env, "run", *SCOPE, "--data-dir", str(data), kill_at=kill_at)


@pytest.fixture(scope="module")
def reference(env, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("reference")
    done = nightly(env[1], data)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return data


def test_a_run_killed_in_every_phase_recovers_to_the_uninterrupted_result(env, reference, tmp_path, ledger):
    data = tmp_path / "data"
    snapshot = data / "published" / "warehouse.duckdb"
    expected = warehouse_digest(reference / "warehouse.duckdb")
    for point in CHAIN:
        killed = nightly(env[1], data, kill_at=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr[-2000:])
        # Analysts see no snapshot until one was published whole, then exactly that one.
        assert not snapshot.exists() or warehouse_digest(snapshot) == expected, point
        assert not (data / "exports").exists(), point
    assert leftovers(data), "the kills should have left partial files for the rerun to clear"

    rerun = nightly(env[1], data)
    assert rerun.returncode in (0, 1), rerun.stderr[-2000:]
    actual = warehouse_digest(data / "warehouse.duckdb")
    lost = sum(max(0, rows - actual.get(table, (0, ""))[0]) for table, (rows, _) in expected.items())
    corrupted = sum(actual.get(table) != digest for table, digest in expected.items())
    assert (lost, corrupted) == (0, 0), [t for t in expected if actual.get(t) != expected[t]]
    assert warehouse_digest(snapshot) == expected
    assert export_digest(data / "exports") == export_digest(reference / "exports")
    assert leftovers(data) == [] and archive_problems(data) == []
    for point in CHAIN:
        ledger.record(
            f"SIGKILL during {point.split(':')[0]}",
            "process",
            outcome="rerun equals an uninterrupted run: warehouse, snapshot, export",
            lost=lost,
            corrupted=corrupted,
        )


def test_an_export_killed_between_its_two_renames_is_repaired(env, reference, tmp_path, ledger):
    data = tmp_path / "data"
    shutil.copytree(reference, data)
    before = export_digest(data / "exports")
    killed = ogi(env[1], "export", "--data-dir", str(data), kill_at="export.swap")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert not (data / "exports").exists() and (data / "exports.previous").exists()
    again = ogi(env[1], "export", "--data-dir", str(data))
    assert again.returncode == 0, again.stderr
    after = export_digest(data / "exports")
    assert after == before and leftovers(data) == []
    ledger.record(
        "SIGKILL between the export's two renames",
        "process",
        outcome="next export restores and replaces it; files equal",
        lost=len(set(before) - set(after)),
        corrupted=sum(after.get(f) != d for f, d in before.items() if f in after),
    )


def _analyst_view(snapshot: Path) -> str:
    """What an analyst sees, read in one connection; raises if the view is inconsistent."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        orphans = con.execute(
            "SELECT count(*) FROM fact_application WHERE report_id NOT IN (SELECT report_id FROM report)"
        ).fetchone()[0]
        doubled = con.execute(
            "SELECT count(*) FROM (SELECT agency_id, year FROM report "
            "WHERE is_current GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
        assert (orphans, doubled) == (0, 0), (orphans, doubled)
        rows = con.execute(
            "SELECT report_id, is_current, (SELECT sum(value) FROM "
            "fact_application f WHERE f.report_id = r.report_id) "
            "FROM report r ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _started_and_held(env: dict[str, str], data: Path, release: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.killpoints", "run", *SCOPE, "--data-dir", str(data)],
        env={**env, ENV: "publish.copy", ACTION_ENV: "stall", RELEASE_ENV: str(release)},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + 240
    while not any(line.startswith("STALLED") for line in lines):
        assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-3000:]
        time.sleep(0.1)
    return proc


def test_others_meet_a_running_nightly_without_harm(env, reference, tmp_path, ledger):
    mirror, environment = env
    data = tmp_path / "data"
    shutil.copytree(reference, data)
    snapshot = data / "published" / "warehouse.duckdb"
    before = _analyst_view(snapshot)
    revised = [
        r["url"] for r in mirror.manifest["reports"] if r["source"] == "huli/wjj" and r["form"] == "html"
    ][:2]
    for url in revised:
        mirror.change_report(url)

    release = tmp_path / "release"
    run = _started_and_held(environment, data, release)
    seen: list[str] = []
    stop = threading.Event()

    def analyst() -> None:
        while not stop.is_set():
            seen.append(_analyst_view(snapshot))

    reader = threading.Thread(target=analyst)
    reader.start()
    holder = f"pid {run.pid}"
    others = {
        "ogi run": ogi(environment, "run", *SCOPE, "--data-dir", str(data)),
        "ogi crawl": ogi(environment, "crawl", "--district", "huli", "--data-dir", str(data)),
        "ogi ingest": ogi(environment, "ingest", str(corpus.source(corpus.OURS)), "--data-dir", str(data)),
    }
    for name, done in others.items():
        assert done.returncode == 2 and holder in done.stderr, (name, done.stderr[-1500:])
        assert "nightly run" in done.stderr and run.poll() is None, name
    release.touch()
    assert run.wait(timeout=240) in (0, 1)
    stop.set()
    reader.join()
    after = _analyst_view(snapshot)
    assert after != before and set(seen) <= {before, after} and seen.count(before) > 0
    ledger.record(
        "a second ogi run / crawl / ingest while a run holds the directory",
        "concurrency",
        injected=len(others),
        outcome="each exits 2 at once naming the holder's pid",
    )
    ledger.record(
        "analysts reading the snapshot during a run",
        "concurrency",
        injected=len(seen) + 1,
        outcome="every read saw the old or the new snapshot, whole",
        corrupted=len(set(seen) - {before, after}),
    )
