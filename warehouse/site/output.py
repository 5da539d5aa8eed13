"""Building the site beside the old one and swapping it in, so readers never see half a site.

The new site is written to `<out>.partial-<pid>`; when it is complete the old directory is
renamed to `<out>.previous`, the new one to `<out>`, and the old one removed. A build that
crashes leaves the previous site untouched (its partial directory is removed, or by the next
build once its process is gone); a build killed between the two renames is repaired by the next one, which
puts `<out>.previous` back if `<out>` is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def recover(out_dir: Path) -> None:
    """Undo what an interrupted build left: restore the previous site, drop partial builds."""
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
    """Whether the build that owns a partial directory is still running (then leave it be)."""
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
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging directory; on success it replaces `out_dir` atomically."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
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
