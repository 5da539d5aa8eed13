"""Scheduling for real: the nightly deployment on a cron schedule, served by this process.

Prefect's ephemeral mode cannot run schedules, so serving needs a Prefect server: the one
`PREFECT_API_URL` names, or a local `prefect server start` that this module launches (its
database under the data directory's Prefect home) and stops on exit. `ogi serve` says which.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

log = logging.getLogger("flows.deploy")

DEPLOYMENT = "nightly"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
LOCAL_PORT = 4200
STARTUP_TIMEOUT_S = 120


@dataclass(frozen=True)
class Server:
    api_url: str
    started_here: bool

    def describe(self) -> str:
        where = (
            "a local Prefect server started for this process"
            if self.started_here
            else "the configured Prefect server (PREFECT_API_URL)"
        )
        return f"{where} at {self.api_url}"


def _healthy(api_url: str) -> bool:
    try:
        return requests.get(f"{api_url}/health", timeout=2).ok
    except requests.RequestException:
        return False


@contextmanager
def prefect_server(prefect_home: Path, port: int = LOCAL_PORT):
    """The configured server, or a local one for the duration of the block."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        if not _healthy(configured):
            raise RuntimeError(f"PREFECT_API_URL={configured} does not answer /health")
        yield Server(configured, started_here=False)
        return
    api_url = f"http://127.0.0.1:{port}/api"
    if _healthy(api_url):  # one already runs locally (e.g. a systemd unit): use it
        os.environ["PREFECT_API_URL"] = api_url
        yield Server(api_url, started_here=False)
        return
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    logfile = open(prefect_home / "server.log", "ab")  # noqa: SIM115 — lives as long as the server
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ui",
        ],
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(api_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local Prefect server did not start; see {prefect_home / 'server.log'}"
                )
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        yield Server(api_url, started_here=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        logfile.close()


def serve_nightly(
    data_dir: str, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, strict: bool = False
) -> None:
    """Register the nightly deployment with its schedule and serve it (blocks)."""
    from prefect.schedules import Cron

    from flows.nightly import nightly

    nightly.serve(
        name=DEPLOYMENT,
        schedule=Cron(cron, timezone=timezone),
        parameters={"data_dir": data_dir, "strict": strict},
        description="Crawl, parse, load, check, publish and export, every night.",
        tags=["ogi"],
        pause_on_shutdown=False,
        print_starting_message=False,
    )
