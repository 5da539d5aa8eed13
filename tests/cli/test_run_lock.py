"""A second run while one is active exits at once, naming the holder (no Prefect start-up)."""

from __future__ import annotations

import os
import subprocess
import sys

from core.lock import RunLock, holder
from core.paths import DataPaths


def test_ogi_run_refuses_while_the_data_directory_is_held(tmp_path):
    paths = DataPaths.resolve(tmp_path / "data")
    with RunLock(paths.lock, "nightly run"):
        assert "nightly run (pid " in holder(paths.lock)
        proc = subprocess.run(
            [sys.executable, "-m", "ogi", "run", "--data-dir", str(paths.root)],
            capture_output=True,
            text=True,
            env={**os.environ, "OGI_MIRROR": ""},
        )
    assert proc.returncode == 2
    assert f"pid {os.getpid()}" in proc.stderr and "did not start" in proc.stderr
    assert not (paths.root / "prefect").exists()  # refused before Prefect was even configured
    assert holder(paths.lock) is None


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    paths = DataPaths.resolve(tmp_path / "data")
    code = (
        "import os, sys; from core.lock import RunLock; from pathlib import Path;"
        f"RunLock(Path({str(paths.lock)!r}), 'nightly run').__enter__(); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", code], check=False)
    assert holder(paths.lock) is None
