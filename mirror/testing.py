"""A context manager for tests that need a running mirror (wrap it in a session fixture).

    @pytest.fixture(scope="session")
    def mirror(tmp_path_factory):
        with running_mirror(tmp_path_factory.mktemp("mirror")) as m:
            yield m

It also sets `OGI_MIRROR`/`OGI_CA_BUNDLE` for the duration, when asked, so code that builds
its HTTP client from the environment is routed to the mirror.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .handle import MirrorHandle, start_mirror


@contextmanager
def running_mirror(
    state_dir: Path, *, seed: int = 0, scale: int = 1, set_env: bool = False
) -> Iterator[MirrorHandle]:
    mirror = start_mirror(state_dir, seed=seed, scale=scale)
    saved = {k: os.environ.get(k) for k in mirror.env()}
    try:
        if set_env:
            os.environ.update(mirror.env())
        yield mirror
    finally:
        if set_env:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        mirror.stop()
