"""Options several commands share, declared once so they read and behave the same."""

from __future__ import annotations

import typer

DATA_DIR = typer.Option(None, "--data-dir", help="Data directory (default data/ or $OGI_DATA_DIR).")
