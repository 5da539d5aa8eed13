"""A new user's first minutes, for real: `git clone`, `make demo`, then every command the README
and the demo print, on a PATH with no `uv` on it.

The clone is of this repository's committed HEAD. It gets the `.tools/` the Makefile made in
this checkout (uv installed there, never on the PATH), and uv runs offline from its cache, so
the test needs no network: what it checks is that the commands as printed work after `make
demo`. The demo's Prefect server is stopped at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PATH_WITHOUT_UV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _readme_commands(readme: str) -> list[str]:
    """Every `bin/ogi …` line of the README's console blocks (a `$ ` prompt or none)."""
    blocks = re.findall(r"```console\n(.*?)```", readme, flags=re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.removeprefix("$ ").split("  #", 1)[0].strip()
            if line.startswith("bin/ogi ") or line.startswith("make "):
                commands.append(line)
    return commands


def _shell(command: str, cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if shutil.which("uv", path=PATH_WITHOUT_UV):
        pytest.fail(f"uv is on {PATH_WITHOUT_UV}: this test needs a PATH without it")
    if not (REPO / ".tools" / "bin" / "uv").is_file():
        pytest.fail("no .tools/bin/uv in this checkout: run `make setup` without uv on the PATH first")
    target = tmp_path_factory.mktemp("clone") / "ogi-warehouse"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True)
    shutil.copytree(REPO / ".tools", target / ".tools", symlinks=True)
    return target


def test_make_demo_then_every_printed_command_works_without_uv_on_the_path(clone):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PREFECT_", "OGI_", "VIRTUAL_ENV", "UV_"))
        },
        "PATH": PATH_WITHOUT_UV,
        "UV_OFFLINE": "1",
        # the suite's own interpreter, whose wheels uv's cache holds: another Python 3.11 on
        # the PATH (Debian's, say) may need wheels the cache lacks, and the test is offline
        "OGI_PYTHON": sys._base_executable,
    }
    try:
        demo = _shell("make demo", clone, env)
        assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
        tries = [
            line.split("try", 1)[-1].strip() for line in demo.stdout.splitlines() if "bin/ogi sql" in line
        ]
        assert tries, demo.stdout[-2000:]
        readme = _readme_commands((clone / "README.md").read_text(encoding="utf-8"))
        assert "bin/ogi sql not_held_trend" in readme
        for command in [*readme, *tries]:
            if command.startswith("make test") or command == "make demo":
                continue  # the suite itself; the demo ran above
            done = _shell(command, clone, env)
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
            assert "command not found" not in done.stderr, command
        again = _shell("make demo", clone, env)
        assert again.returncode == 0 and "Nothing changed since the last run" in again.stdout
    finally:
        _shell("bin/ogi prefect stop", clone, env)
