"""`ogi run`: registered here once its stage exists."""

import typer


def register(app: typer.Typer) -> None:
    """Nothing to register yet."""
