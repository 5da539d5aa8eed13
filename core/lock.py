"""One writer per data directory: a run (or ingest) holds `run.lock` for its whole length.

DuckDB locks the warehouse file, but a run also writes the raw archive before it opens the
warehouse, so the lock covers the data directory. It is an `flock`: the kernel releases it
when the holder dies (even by SIGKILL), so a crash never leaves a stale lock behind; the
file's content only names the holder for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the data directory; the message names it."""


class RunLock:
    def __init__(self, path: Path, purpose: str):
        self.path = Path(path)
        self.purpose = purpose
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(os.pread(fd, 4096, 0))
            os.close(fd)
            raise AlreadyRunning(
                f"{self.path.parent} is in use by {holder}; this {self.purpose} did not start"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "purpose": self.purpose,
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            ).encode(),
            0,
        )
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def holder(path: Path) -> str | None:
    """Who holds the lock now (None if nobody): lets a command refuse before any slow start."""
    try:
        with RunLock(path, "probe"):
            return None
    except AlreadyRunning as exc:
        return str(exc).split(" is in use by ", 1)[-1].split("; this probe", 1)[0]


def _describe(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode() or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        info = {}
    if not info:
        return "another process"
    return (
        f"{info.get('purpose', 'a run')} (pid {info.get('pid')} on {info.get('host')}, "
        f"since {info.get('since')})"
    )
