"""The no-change night in served mode: `ogi serve` with its Prefect server already up, a run
created for the deployment (as the scheduler creates it) measured from its creation to
Completed — the time an operator waits, with no server start-up in it.

A first run fills the data directory from the mirror (scale 2: ~1,079 reports, per-host
limits lifted), then `--repeat` no-change runs are timed the same way.

    .venv/bin/python bench/served_run.py [--scale 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


async def _timed_run(api_url: str, deployment_id) -> tuple[float, str]:
    """Seconds from creating a flow run (what the scheduler does at 02:00) to its final state."""
    from prefect.client.orchestration import PrefectClient

    async with PrefectClient(api_url) as client:
        started = time.monotonic()
        run = await client.create_flow_run_from_deployment(deployment_id)
        while True:
            run = await client.read_flow_run(run.id)
            if run.state and run.state.is_final():
                return time.monotonic() - started, run.state.type.value
            await asyncio.sleep(0.2)


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
            first, state = asyncio.run(_timed_run(api_url, deployment.id))
            print(f"mirror: {len(mirror.manifest['reports'])} reports (scale {args.scale})")
            print(f"first run        {first:6.1f} s  {state}")
            for i in range(args.repeat):
                seconds, state = asyncio.run(_timed_run(api_url, deployment.id))
                print(f"no-change run {i + 1}  {seconds:6.1f} s  {state}")
        finally:
            serve.send_signal(signal.SIGINT)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                serve.kill()


if __name__ == "__main__":
    main()
