"""The no-change night in served mode: `ogi serve` with its Prefect server already up, a run
created for the deployment (as the scheduler creates it) measured from its creation to
Completed — the time an operator waits, with no server start-up in it.

A first run fills the data directory from the mirror (scale 2: ~1,079 reports, per-host
limits lifted), then `--repeat` no-change runs are timed the same way. Each line gives the
machine's load average before and after the run, when the runner picked the run up and when
its process was running (both from its creation), and the flow's own stage timings, so a
saving shows even when a loaded machine moves the total.

    .venv/bin/python bench/served_run.py [--scale 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POLL_SECONDS = 1.0  # the times come from the server's state timestamps, not from this poll


async def _deployment(api_url: str, timeout: float):
    from prefect.client.orchestration import PrefectClient

    deadline = time.monotonic() + timeout
    async with PrefectClient(api_url) as client:
        while time.monotonic() < deadline:
            try:
                return await client.read_deployment_by_name("ogi-nightly/nightly")
            except Exception:
                await asyncio.sleep(0.5)
    sys.exit("the nightly deployment never appeared")


@dataclass(frozen=True)
class Timed:
    """One run, timed by the server's own state timestamps (so the bench's polling, once a
    second, adds nothing to it): created → Pending (the runner picked it up) → Running (its
    process started) → final; the flow's stage timings from its summary artifact."""

    seconds: float
    state: str
    picked_up: float
    started: float
    stages: str
    load: str


async def _timed_run(api_url: str, deployment_id) -> Timed:
    """A flow run created as the scheduler creates one, followed to its final state."""
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async with PrefectClient(api_url) as client:
        load = os.getloadavg()[0]
        run = await client.create_flow_run_from_deployment(deployment_id)
        while not (run.state and run.state.is_final()):
            await asyncio.sleep(POLL_SECONDS)
            run = await client.read_flow_run(run.id)
        states = await client.read_flow_run_states(run.id)
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
    created = run.created
    assert created is not None

    def since_created(kind: str) -> float:
        times = [s.timestamp for s in states if s.type.value == kind]
        return (times[0] - created).total_seconds() if times else float("nan")

    summary = next((str(a.data) for a in artifacts if a.key == "nightly-summary"), "")
    stages = re.search(r"\(([^)]*)\)", summary.split("Duration", 1)[-1])
    return Timed(
        (states[-1].timestamp - created).total_seconds(),
        run.state.type.value,
        since_created("PENDING"),
        since_created("RUNNING"),
        stages.group(1) if stages else "",
        f"{load:.1f}-{os.getloadavg()[0]:.1f}",
    )


def _print(label: str, timed: Timed) -> None:
    print(
        f"{label:<16} {timed.seconds:6.1f} s  {timed.state}  load {timed.load}  picked up "
        f"+{timed.picked_up:.1f} s, running +{timed.started:.1f} s; {timed.stages}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from flows.server import free_port
    from mirror.testing import running_mirror

    with (
        tempfile.TemporaryDirectory(prefix="ogi-served-") as tmp,
        running_mirror(Path(tmp) / "mirror", scale=args.scale) as mirror,
    ):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(mirror.env(), OGI_POLITENESS="lifted")
        data = Path(tmp) / "data"
        serve = subprocess.Popen(
            [sys.executable, "-m", "ogi", "serve", "--data-dir", str(data), "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        api_url = f"http://127.0.0.1:{port}/api"
        try:
            started = time.monotonic()
            deployment = asyncio.run(_deployment(api_url, 300))
            print(f"ogi serve ready (server start + deployment) in {time.monotonic() - started:.1f} s")
            first = asyncio.run(_timed_run(api_url, deployment.id))
            print(f"mirror: {len(mirror.manifest['reports'])} reports (scale {args.scale})")
            _print("first run", first)
            for i in range(args.repeat):
                _print(f"no-change run {i + 1}", asyncio.run(_timed_run(api_url, deployment.id)))
        finally:
            serve.send_signal(signal.SIGINT)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                serve.kill()


if __name__ == "__main__":
    main()
