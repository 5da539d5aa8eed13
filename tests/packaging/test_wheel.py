"""The built wheel, installed alone into a fresh environment outside the checkout, works.

A user who installs the project rather than cloning it must get a warehouse that creates its
schema, loads reports, answers queries and exports: every file the product reads at run time
(SQL, agency data, templates, fonts) ships in the wheel and is found through
`importlib.resources`. Tests never touch the network, so the wheel is installed without its
dependencies and the fresh environment borrows them from the project's locked environment (a
`.pth` line adds that site-packages directory; the checkout itself, which the project's editable
install would add, stays off the path — the tests check that the product runs from the wheel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = REPO / "tests" / "fixtures" / "corpus" / "siming-office-2019" / "source.txt"


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv") or str(REPO / ".tools" / "bin" / "uv")
    if not Path(uv).exists():
        pytest.skip("uv is not available to build the wheel")
    return uv


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with only the built wheel (and its dependencies) installed."""
    uv = _uv()
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(work / "dist"), str(REPO)], check=True, capture_output=True
    )
    wheel = next((work / "dist").glob("ogi_warehouse-*.whl"))
    venv = work / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--offline", "--no-deps", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
    )
    ours = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    locked = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    Path(ours, "locked_dependencies.pth").write_text(locked + "\n")
    return venv


def _ogi(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "OGI_DATA_DIR")}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    return subprocess.run(
        [str(venv / "bin" / "ogi"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_wheel_runs_from_its_own_install(installed, tmp_path):
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import sql, warehouse; print(sql.__file__); print(warehouse.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(path.startswith(str(installed)) for path in where), where


def test_ingest_sql_and_export_work_from_the_wheel(installed, tmp_path):
    report = tmp_path / "report.txt"
    shutil.copyfile(OURS, report)
    data = tmp_path / "data"
    ingest = _ogi(installed, tmp_path, "ingest", "--data-dir", str(data), str(report))
    assert ingest.returncode == 0, ingest.stderr
    sql = _ogi(
        installed,
        tmp_path,
        "sql",
        "--data-dir",
        str(data),
        "-f",
        "json",
        "SELECT agency_name, year, value FROM v_application "
        "WHERE disposition = 'new_received' AND applicant = 'total'",
    )
    assert sql.returncode == 0, sql.stderr
    assert json.loads(sql.stdout.splitlines()[0]) == {
        "agency_name": "厦门市思明区人民政府办公室",
        "year": 2019,
        "value": 30,
    }
    named = _ogi(installed, tmp_path, "sql", "--data-dir", str(data), "not_held_trend")
    assert named.returncode == 0, named.stderr
    export = _ogi(installed, tmp_path, "export", "--data-dir", str(data))
    assert export.returncode == 0, export.stderr
    manifest = json.loads((data / "exports" / "manifest.json").read_text())
    assert any(f["path"].startswith("fact_application/") for f in manifest["files"])
    assert (data / "exports" / "codebook.md").exists()
