"""Ctrl-C (SIGINT) and `kill` (SIGTERM) during a real `ogi run`, in every stage.

The run is started through `killpoints` with `OGI_KILL_ACTION=SIGINT|SIGTERM`: at the named
point the process sends itself the signal and carries on, exactly as an operator's signal
would land at that moment. One data directory goes through a chain of runs, each stopped in a
later stage (crawl, parse, load, publish, export). Each stopped run must exit 130 / 143 with
one line naming the signal and the stage, leave its `load_run` row `cancelled`, its Prefect
flow run Cancelled (none left Running) and the run lock free; the clean rerun that ends the
chain must equal a run that was never interrupted (warehouse, snapshot, export). A second
signal exits at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from core.lock import holder
from core.paths import DataPaths
from mirror.testing import running_mirror

from .compare import archive_problems, export_digest, leftovers, warehouse_digest
from .killpoints import ACTION_ENV, ENV, RELEASE_ENV

REPO = Path(__file__).resolve().parents[2]
SCOPE = ("--source", "huli/wjj", "--source", "haicang/qxfj")  # two districts, HTML and PDF
CHAIN = (
    ("fetch.object:6", "crawl"),
    ("parse.report:3", "parse"),
    ("load.insert:1", "load"),
    ("publish.copy", "publish"),
    ("export.write:3", "export"),
)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A Prefect server shared by every run of the module, and the mirror the runs crawl."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    import prefect.settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=120),
        running_mirror(tmp_path_factory.mktemp("signal-mirror")) as mirror,
    ):
        yield {
            **os.environ,
            **mirror.env(),
            "OGI_POLITENESS": "lifted",
            "PREFECT_API_URL": prefect.settings.PREFECT_API_URL.value(),
            "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
            "PYTHONPATH": str(REPO),
        }


def _launch(env, data: Path, point: str = "", action: str = "", **extra) -> tuple[list[str], dict]:
    command = [sys.executable, "-m", "tests.reliability.killpoints", "run", *SCOPE, "--data-dir", str(data)]
    return command, {**env, ENV: point, ACTION_ENV: action, **extra}


def nightly(env, data: Path, point: str = "", action: str = "") -> subprocess.CompletedProcess:
    command, environment = _launch(env, data, point, action)
    return subprocess.run(command, env=environment, cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def reference(env, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("reference")
    done = nightly(env, data)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return data


def _last_run(data: Path) -> tuple[str, str]:
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT status, message FROM load_run ORDER BY run_id DESC LIMIT 1").fetchone()
    finally:
        con.close()


def _flow_run_states() -> list[str]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return [run.state.type.value for run in client.read_flow_runs(limit=200)]


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_a_run_stopped_in_every_stage_recovers_to_the_uninterrupted_result(
    env, reference, tmp_path, ledger, signame
):
    signum = getattr(signal, signame)
    data = tmp_path / "data"
    expected = warehouse_digest(reference / "warehouse.duckdb")
    cancelled_before = _flow_run_states().count("CANCELLED")
    for point, stage in CHAIN:
        stopped = nightly(env, data, point, signame)
        assert stopped.returncode == 128 + signum, (point, stopped.stderr[-2000:])
        assert f"ogi run: stopped by {signame} during {stage}" in stopped.stderr.splitlines()[-1], point
        assert _last_run(data)[0] == "cancelled", point
        assert holder(DataPaths.resolve(data).lock) is None, point
    states = _flow_run_states()
    assert "RUNNING" not in states and "PENDING" not in states
    assert states.count("CANCELLED") - cancelled_before == len(CHAIN)

    rerun = nightly(env, data)
    assert rerun.returncode in (0, 1), rerun.stderr[-2000:]
    actual = warehouse_digest(data / "warehouse.duckdb")
    lost = sum(max(0, rows - actual.get(table, (0, ""))[0]) for table, (rows, _) in expected.items())
    corrupted = sum(actual.get(table) != digest for table, digest in expected.items())
    assert (lost, corrupted) == (0, 0), [t for t in expected if actual.get(t) != expected[t]]
    assert warehouse_digest(data / "published" / "warehouse.duckdb") == expected
    assert export_digest(data / "exports") == export_digest(reference / "exports")
    assert leftovers(data) == [] and archive_problems(data) == []
    for _, stage in CHAIN:
        ledger.record(
            f"{signame} during {stage}",
            "process",
            outcome=f"exit {128 + signum}, load_run cancelled, flow run Cancelled; rerun equals an "
            "uninterrupted run",
            lost=lost,
            corrupted=corrupted,
        )


def test_a_second_ctrl_c_exits_at_once(env, reference, tmp_path, ledger):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(reference, data)
    release = tmp_path / "never-released"
    command, environment = _launch(env, data, "publish.copy", "stall", **{RELEASE_ENV: str(release)})
    proc = subprocess.Popen(command, env=environment, cwd=REPO, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + 240
    while not any(line.startswith("STALLED") for line in lines):
        assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-3000:]
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)  # held in the stall: the run cannot reach a safe point
    while not any("press Ctrl-C again" in line for line in lines):
        assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-3000:]
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    assert holder(DataPaths.resolve(data).lock) is None
    ledger.record(
        "a second SIGINT while the run is held",
        "process",
        outcome="exit 130 at once; lock released",
    )
