"""`ogi mirror`: serve the local mirror of government sites in the foreground."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("mirror")
    def mirror(
        state_dir: Path = typer.Option(
            Path("data/mirror"), "--state-dir", help="Where manifest.json and the CA bundle are written."
        ),
        http_port: int = typer.Option(8480, "--http-port", help="Plain-http port (0 = any)."),
        https_port: int = typer.Option(8443, "--https-port", help="TLS port (0 = any)."),
        seed: int = typer.Option(0, "--seed", help="Same seed, same bytes."),
        scale: int = typer.Option(1, "--scale", min=1, help="Multiply agencies (benchmarks)."),
    ) -> None:
        """Serve the local mirror of government sites on 127.0.0.1 until Ctrl-C/SIGTERM."""
        import signal
        import threading

        from mirror import start_mirror

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            handle = start_mirror(
                state_dir, seed=seed, scale=scale, http_port=http_port, https_port=https_port
            )
        except OSError as exc:
            typer.echo(f"ogi mirror: cannot listen on 127.0.0.1:{http_port}/{https_port}: {exc}", err=True)
            raise typer.Exit(1) from exc
        man = handle.manifest
        typer.echo(f"mirror: http=127.0.0.1:{handle.http_port} https=127.0.0.1:{handle.https_port}")
        typer.echo(
            f"mirror: {len(man['hosts'])} hosts, {len(man['sources'])} sources, "
            f"{len(man['reports'])} reports; manifest {handle.state_dir / 'manifest.json'}"
        )
        for key, value in handle.env().items():
            typer.echo(f"export {key}={value}")
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            handle.stop()
            typer.echo("mirror: stopped")
