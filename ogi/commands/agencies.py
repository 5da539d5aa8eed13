"""`ogi agencies`: who is who — agencies, their other names, years covered, renames and mergers,
and the printed names that matched no known agency.

Agencies, aliases and renames are data (`extract/sources/agencies/*.toml` beside the crawler
registry): an operator adds an alias or a rename there, checks it with `--check`, and applies
it to the reports already stored with `--sync` (or lets the next run do it).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import typer

from ogi.commands.inputs import data_paths
from ogi.commands.options import DATA_DIR

if TYPE_CHECKING:
    from warehouse.agencies.catalog import AgencyCatalog

SECTIONS = ("agencies", "links", "unresolved")
TITLES = {
    "agencies": "Agencies",
    "links": "Renames and mergers",
    "unresolved": "Unresolved names (printed in reports, matching no known agency)",
}


def _fail(message: str) -> NoReturn:
    typer.echo(f"ogi agencies: {message}", err=True)
    raise typer.Exit(1)


def _catalog() -> AgencyCatalog:
    from extract.registry import RegistryError
    from warehouse.agencies.data import CatalogError
    from warehouse.agencies.resolve import refresh_catalog

    try:
        return refresh_catalog()
    except (CatalogError, RegistryError) as exc:
        _fail(str(exc))


def _sync(data_dir: str | None) -> None:
    """Apply the data files to the stored reports now, then publish the snapshot."""
    from core.lock import AlreadyRunning, RunLock
    from warehouse.publish.snapshot import publish_snapshot
    from warehouse.store.agency_sync import sync_agencies
    from warehouse.store.crosschecks import run_cross_checks
    from warehouse.store.db import WarehouseError, connect_writer

    catalog = _catalog()
    paths = data_paths("agencies", data_dir)
    if not paths.warehouse.exists():
        _fail(f"no warehouse at {paths.warehouse}; nothing to sync")
    try:
        with RunLock(paths.lock, "agency sync"):
            con = connect_writer(paths.warehouse)
            try:
                result = sync_agencies(con, catalog)
                if result.changed:
                    run_cross_checks(con)
                    publish_snapshot(paths, con)
            finally:
                con.close()
    except (AlreadyRunning, WarehouseError) as exc:
        _fail(str(exc))
    if not result.changed:
        typer.echo("the warehouse already reflects the agency data; nothing to do")
    else:
        moved = result.reports_moved
        typer.echo(
            f"synced: {result.agencies} agencies, {moved} report{'s' * (moved != 1)} "
            "re-attributed; snapshot published"
        )


def agencies_command(
    unresolved: bool = typer.Option(False, "--unresolved", help="Only the unresolved names."),
    links: bool = typer.Option(False, "--links", help="Only the renames and mergers."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (JSON Lines)."),
    check: bool = typer.Option(False, "--check", help="Only validate the registry and agency data files."),
    sync: bool = typer.Option(
        False, "--sync", help="Apply the data files to the stored reports now and publish the snapshot."
    ),
    data_dir: str = DATA_DIR,
) -> None:
    """List agencies with their other names and years, renames, and unresolved names."""
    from warehouse.query.agencies import list_agencies
    from warehouse.query.shell import FORMATS, WRITERS
    from warehouse.store.db import WarehouseError, WarehouseMissing, connect_reader

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if sync:
        _sync(data_dir)
        return
    catalog = _catalog()
    if check:
        kinds = [r.resolution for r in catalog.rows.values()]
        typer.echo(
            f"agency data OK: {kinds.count('registry')} registry and "
            f"{kinds.count('catalog')} catalog agencies, "
            f"{sum(map(len, catalog.aliases.values()))} aliases, "
            f"{len(catalog.links)} rename/merger links"
        )
        return
    snapshot = data_paths("agencies", data_dir).published
    try:
        con = connect_reader(snapshot)
    except WarehouseMissing:
        con = None
    except WarehouseError as exc:
        _fail(str(exc))
    try:
        listing = list_agencies(catalog, con)
    finally:
        if con is not None:
            con.close()
    chosen = [s for s, wanted in (("links", links), ("unresolved", unresolved)) if wanted]
    try:
        for section in chosen or SECTIONS:
            result = getattr(listing, section)
            if fmt == "json":
                result = type(result)(["record", *result.columns], [(section, *row) for row in result.rows])
            elif fmt == "table" or len(chosen or SECTIONS) > 1:
                typer.echo(f"# {TITLES[section]}")
            WRITERS[fmt](result, sys.stdout)
            if fmt == "table":
                typer.echo("")
        for note in listing.notes if con is not None or fmt == "table" else []:
            typer.echo(f"note: {note}", err=True)
        if con is None:
            typer.echo(
                f"note: no snapshot at {snapshot}: years and unresolved names appear once reports are loaded",
                err=True,
            )
    except BrokenPipeError:  # `ogi agencies | head`
        sys.stderr.close()


def register(app: typer.Typer) -> None:
    app.command("agencies")(agencies_command)
