"""`ogi serve`: register the nightly deployment on its cron schedule and serve it.

Uses the Prefect server `PREFECT_API_URL` names, or starts a local one, and says which.
Runs until interrupted; a systemd unit (docs/operations.md) keeps it up.
"""

from __future__ import annotations

import typer

from ogi.commands.inputs import data_paths
from ogi.commands.options import DATA_DIR


def serve_command(
    cron: str = typer.Option("0 2 * * *", "--cron", help="When to run (cron, in --timezone)."),
    timezone: str = typer.Option("Asia/Shanghai", "--timezone", help="The cron's time zone."),
    strict: bool = typer.Option(
        False, "--strict", help="Scheduled runs fail on blocked, refused or missing items too."
    ),
    port: int = typer.Option(
        4200, "--port", help="Port for a local Prefect server, when one has to be started."
    ),
    data_dir: str = DATA_DIR,
) -> None:
    """Serve the nightly flow on its schedule (02:00 Asia/Shanghai by default)."""
    from flows.settings import configure_prefect

    paths = data_paths("serve", data_dir)
    configure_prefect(paths)
    from flows.deploy import prefect_server, serve_nightly

    try:
        with prefect_server(paths.root / "prefect", port) as server:
            typer.echo(f"ogi serve: using {server.describe()}")
            typer.echo(
                f"ogi serve: deployment ogi-nightly/nightly, cron {cron!r} ({timezone}), data {paths.root}"
            )
            serve_nightly(str(paths.root), cron, timezone, strict)
    except RuntimeError as exc:
        typer.echo(f"ogi serve: {exc}", err=True)
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        typer.echo("ogi serve: stopped")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
