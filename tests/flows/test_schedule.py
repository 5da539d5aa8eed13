"""Scheduling for real: `ogi serve` registers the cron deployment on a Prefect server and serves
it; a run triggered through the API (as the scheduler does) completes and fills the warehouse."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import duckdb

from core.paths import DataPaths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _deployment(api_url: str, deadline: float):
    from prefect.client.orchestration import PrefectClient

    async with PrefectClient(api_url) as client:
        while time.monotonic() < deadline:
            try:
                return await client.read_deployment_by_name("ogi-nightly/nightly")
            except Exception:
                time.sleep(1)
    raise AssertionError("the nightly deployment never appeared")


async def _trigger_and_wait(api_url: str, deployment_id, timeout: float):
    from prefect.client.orchestration import PrefectClient

    async with PrefectClient(api_url) as client:
        run = await client.create_flow_run_from_deployment(deployment_id)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = await client.read_flow_run(run.id)
            if run.state and run.state.is_final():
                return run
            time.sleep(1)
    raise AssertionError(f"the triggered run did not finish in {timeout} s")


def test_serve_registers_the_schedule_and_a_triggered_run_fills_the_warehouse(tmp_path, mirror):
    import asyncio

    port = _free_port()
    data = DataPaths.resolve(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogi",
            "serve",
            "--data-dir",
            str(data.root),
            "--port",
            str(port),
            "--cron",
            "0 2 * * *",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        deployment = asyncio.run(_deployment(api_url, time.monotonic() + 240))
        cron = deployment.schedules[0].schedule
        assert (cron.cron, cron.timezone) == ("0 2 * * *", "Asia/Shanghai")
        run = asyncio.run(_trigger_and_wait(api_url, deployment.id, timeout=300))
        assert run.state.is_completed(), run.state
        con = duckdb.connect(str(data.published), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM report WHERE is_current").fetchone()[0] > 400
        finally:
            con.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "a local Prefect server started for this process" in out


def test_served_runs_fork_from_a_server_that_preloaded_the_flow(monkeypatch):
    import prefect.flow_engine as engine

    from flows.deploy import PRELOADED, start_runs_preloaded

    monkeypatch.setattr(engine, "multiprocessing", engine.multiprocessing)  # restored after
    start_runs_preloaded()
    context = engine.multiprocessing.get_context("spawn")  # what Prefect asks for, per run
    assert context.get_start_method() == "forkserver"
    # Prefect only: the project's own modules are imported afresh by each run (code upgrades)
    assert PRELOADED and all(name.split(".")[0] == "prefect" for name in PRELOADED)
