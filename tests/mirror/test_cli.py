"""`ogi mirror` serves in the foreground, prints ports and env lines, stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys


def test_ogi_mirror_serves_until_sigterm(tmp_path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ogi.cli import main; main()",
            "mirror",
            "--state-dir",
            str(tmp_path),
            "--http-port",
            "0",
            "--https-port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
        assert lines[0].startswith("mirror: http=127.0.0.1:")
        assert "reports" in lines[1]
        assert lines[2].startswith("export OGI_MIRROR=http=127.0.0.1:")
        assert lines[3].startswith(f"export OGI_CA_BUNDLE={tmp_path}")
        assert (tmp_path / "manifest.json").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "mirror: stopped" in out
