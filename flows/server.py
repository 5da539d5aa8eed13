"""The Prefect server a run reports to: the configured one, one already running for this data
directory, or one started for the occasion — never one that Ctrl-C can kill under the run.

Prefect's ephemeral mode starts its server as a child in the terminal's process group, so the
Ctrl-C meant for `ogi run` killed the server first and the run then hung retrying it. Here a
server we start gets a session of its own (the terminal's signals reach only `ogi`), and, when
it is only for this run, the kernel stops it if `ogi` dies (`PR_SET_PDEATHSIG`), even by a
second Ctrl-C's immediate exit. Starting a server costs 7–20 s on a 2-core machine, most of a
no-change run, so one can be *kept*: `ogi demo` and `ogi serve` leave its address and pid in
`<prefect home>/server.json`, and later runs on the same data directory reuse it while it
answers (`ogi prefect stop` ends it).
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import requests

log = logging.getLogger(__name__)

STATE_FILE = "server.json"
# A fresh SQLite database takes ~17 s to migrate on 2 busy cores; 120 s leaves room for a
# loaded CI machine (observed up to 75 s elsewhere, shared/NOTES.md §2.1).
STARTUP_TIMEOUT_S = 120
STOP_TIMEOUT_S = 10
DRAIN_TIMEOUT_S = 5  # logs and events of one run are sent in well under a second locally
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Server:
    api_url: str
    started_here: bool
    pid: int | None = None
    kept: bool = False

    def describe(self) -> str:
        if self.started_here:
            where = "a local Prefect server started for this process"
        elif self.pid:
            where = f"the local Prefect server kept for this data directory (pid {self.pid})"
        else:
            where = "the configured Prefect server (PREFECT_API_URL)"
        return f"{where} at {self.api_url}"


def healthy(api_url: str) -> bool:
    try:
        return requests.get(f"{api_url}/health", timeout=2).ok
    except requests.RequestException:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kept_server(home: Path) -> Server | None:
    """The server recorded in `home/server.json`, if its process lives and it answers."""
    try:
        state = json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
        pid, api_url = int(state["pid"]), str(state["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _alive(pid) and healthy(api_url):
        return Server(api_url, started_here=False, pid=pid, kept=True)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it when the parent dies (Linux only)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_server(
    home: Path, port: int | None = None, shared: bool = False
) -> tuple[Server, subprocess.Popen]:
    """`prefect server start` in its own session. A `shared` one runs Prefect's services (the
    scheduler) and is recorded in `home/server.json` for other runs to use; a run-only server
    has no services (nothing to schedule: they cost a third of the start-up) and dies with us."""
    keep = shared
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-ui", *([] if keep else ["--no-services"])]
    with open(home / "server.log", "ab") as logfile:
        proc = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=None if keep else _die_with_parent,  # prctl only: safe before exec
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not healthy(api_url):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_process(proc)
            raise RuntimeError(f"the local Prefect server did not start; see {home / 'server.log'}")
        time.sleep(0.2)
    if keep:
        (home / STATE_FILE).write_text(json.dumps({"pid": proc.pid, "api_url": api_url}), encoding="utf-8")
    return Server(api_url, started_here=True, pid=proc.pid, kept=keep), proc


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stop_kept(home: Path) -> int | None:
    """End the kept server of `home` (if any); returns its pid."""
    server = kept_server(home)
    (home / STATE_FILE).unlink(missing_ok=True)
    if server is None or server.pid is None:
        return None
    os.kill(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while _alive(server.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return server.pid


def _drain_prefect_clients(timeout: float = DRAIN_TIMEOUT_S) -> None:
    """Send what Prefect's log and event workers still hold while the server is up: left for
    interpreter exit, they retry a stopped server forever (the `EventsWorker … Unable to
    connect` hang)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)


@contextmanager
def prefect_api(
    home: Path, share: bool = False, keep: bool = False, port: int | None = None
) -> Iterator[Server]:
    """Point this process (`PREFECT_API_URL`) at a server for the duration of the block: the
    configured one, the one kept for `home`, or a new one — `share`d (services on, recorded
    for other runs) or not, left running afterwards if `keep`, else stopped."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        if not healthy(configured):
            raise RuntimeError(f"PREFECT_API_URL={configured} does not answer /health")
        yield Server(configured, started_here=False)
        return
    server, proc = kept_server(home), None
    if server is None:
        server, proc = start_server(home, port, shared=share or keep)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        if proc is not None and not keep:
            _drain_prefect_clients()
        os.environ.pop("PREFECT_API_URL", None)
        if proc is not None and not keep:
            if share:
                (home / STATE_FILE).unlink(missing_ok=True)
            stop_process(proc)
