"""Checks on what the user typed, made before any slow start, each failing with one line.

Every command that takes `--data-dir`, `--url`, `--source` or `--district` checks them here
first, so a typo costs a second and a sentence naming the input, not a Prefect start-up and
a traceback. `fail` is the one way a command gives up: `ogi <command>: <reason>` on standard
error and exit status 2 for bad input (1 is for work that was tried and did not succeed).
"""

from __future__ import annotations

import re
from typing import NoReturn

import typer

from core.paths import DataPaths

BAD_INPUT = 2
# A word such as `not_held_trend`: an analyst query's name, never SQL by itself.
QUERY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def fail(command: str, reason: str, code: int = BAD_INPUT) -> NoReturn:
    typer.echo(f"ogi {command}: {reason}", err=True)
    raise typer.Exit(code)


def data_paths(command: str, data_dir: str | None) -> DataPaths:
    """The data directory, refused when it (or a parent) exists but is not a directory."""
    paths = DataPaths.resolve(data_dir)
    for path in (paths.root, *paths.root.parents):
        if path.exists():
            if not path.is_dir():
                fail(command, f"--data-dir {paths.root}: {path} is a file, not a directory")
            break
    return paths


def check_url(command: str, url: str, unofficial: bool) -> None:
    """A `--url` must be http(s); outside *.gov.cn (a public IP address included: hijack
    mirrors serve government paths from bare IPs too) it needs `--unofficial`. Local and
    private addresses are allowed: the user named a machine of their own (a mirror)."""
    from extract.registry import RegistryError, adhoc_source
    from extract.urls import host_of, is_ip_literal_private

    try:
        adhoc_source(url, unofficial=unofficial)
    except RegistryError as exc:
        hint = "; add --unofficial to crawl it anyway" if "official" in str(exc) else ""
        fail(command, f"{exc}{hint}")
    host = host_of(url)
    if not unofficial and _is_ip(host) and not is_ip_literal_private(host):
        fail(
            command,
            f"--url {url!r}: {host} is an IP address, not an official government host name; "
            "add --unofficial to crawl it anyway",
        )


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def check_scope(command: str, sources: list[str], district: str | None) -> None:
    """Registry source keys and a district key must exist (the error lists the known ones)."""
    from extract.registry import RegistryError, load_registry

    try:
        registry = load_registry()
        if district:
            registry.district(district)
        for key in sources:
            try:
                registry.source(key)
            except RegistryError as missing:
                # a column only the district's own pages list is still a source to try
                known = {d.key: d for d in registry.districts}.get(key.split("/", 1)[0])
                if known is None or known.discovery is None:
                    raise missing from None
    except RegistryError as exc:
        fail(command, str(exc))
