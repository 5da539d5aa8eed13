"""Writing a directory beside the old one and swapping it in, so readers never see half of it.

The export and the report site are both rebuilt whole by each run while researchers and
browsers read the previous one. The new content is written to `<out>.partial-<pid>`; when it
is complete the old directory is renamed to `<out>.previous`, the new one to `<out>`, and the
old one removed. A writer that crashes leaves the previous directory untouched (its partial
directory is removed, or by the next writer once its process is gone); one killed between the
two renames is repaired by the next, which puts `<out>.previous` back if `<out>` is missing.
Two writers into one directory take turns on `.<out>.lock` (an flock, released by the kernel
if its holder dies): otherwise the second could sweep away the first one's partial directory.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging directory; when the block succeeds it replaces `out_dir`."""
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _one_at_a_time(out_dir):
        recover(out_dir)
        staging = out_dir.with_name(f"{out_dir.name}.partial-{os.getpid()}")
        staging.mkdir()
        try:
            yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        previous = out_dir.with_name(out_dir.name + ".previous")
        if out_dir.exists():
            out_dir.rename(previous)
        staging.rename(out_dir)
        shutil.rmtree(previous, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Undo what an interrupted writer left: restore the previous directory, drop partials."""
    previous = out_dir.with_name(out_dir.name + ".previous")
    if previous.exists():
        if out_dir.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(out_dir)
    for stale in out_dir.parent.glob(f"{out_dir.name}.partial-*"):
        if not _alive(stale.name.rsplit("-", 1)[-1]):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Whether the writer that owns a partial directory is still running (then leave it be)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


@contextmanager
def _one_at_a_time(out_dir: Path) -> Iterator[None]:
    fd = os.open(out_dir.with_name(f".{out_dir.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
