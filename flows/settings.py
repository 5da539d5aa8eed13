"""Prefect settings for this project, applied before Prefect is imported.

Prefect keeps run history in `$PREFECT_HOME`; ours lives under the data directory so a
checkout's runs never mix with another project's. Telemetry is off (these machines are
offline) and the ephemeral server gets the start-up time a fresh database needs.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.paths import DataPaths

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "extract,transform,warehouse,flows",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "DO_NOT_TRACK": "1",
    # How often `ogi serve` asks its server for runs to start. Prefect's 10 s default made a
    # run created by hand or from the UI wait 0-10 s before it started (the largest swing in
    # bench/served_run.py); a poll is one small query, ~10 ms of server CPU (100 reads of a
    # flow run measured at 1.0 s above idle), so every 2 s costs ~0.5% of one core.
    "PREFECT_RUNNER_POLL_FREQUENCY": "2",
}


def configure_prefect(paths: DataPaths) -> None:
    """Point Prefect at the project's home unless the environment already chose one."""
    home = Path(os.environ.setdefault("PREFECT_HOME", str(paths.root / "prefect")))
    home.mkdir(parents=True, exist_ok=True)
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
