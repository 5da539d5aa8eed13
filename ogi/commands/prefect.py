"""`ogi prefect`: the local Prefect server kept for a data directory (`flows.server`).

`ogi demo` leaves the server it started running, so the next run, and a Prefect UI pointed
at it, pay no start-up; `ogi prefect status` says where it is, `ogi prefect stop` ends it.
"""

from __future__ import annotations

import typer

from ogi.commands.inputs import data_paths
from ogi.commands.options import DATA_DIR


def prefect_command(
    action: str = typer.Argument("status", help="status or stop"),
    data_dir: str = DATA_DIR,
) -> None:
    """Show or stop the local Prefect server kept for the data directory."""
    from flows.server import kept_server, stop_kept
    from ogi.commands.inputs import fail

    home = data_paths("prefect", data_dir).root / "prefect"
    if action == "status":
        server = kept_server(home)
        typer.echo(server.describe() if server else f"no Prefect server is kept for {home.parent}")
    elif action == "stop":
        pid = stop_kept(home)
        typer.echo(f"stopped the Prefect server (pid {pid})" if pid else "no Prefect server was running")
    else:
        fail("prefect", f"unknown action {action!r} (use status or stop)")


def register(app: typer.Typer) -> None:
    app.command("prefect")(prefect_command)
