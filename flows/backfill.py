"""Backfill: every year of one agency, one district, or a district file not yet in the registry.

The same tasks as the nightly run (one crawl per district, batched parses, one writer), for
onboarding: `--sources-file extract/sources/new_district.toml` crawls a district before its
file joins the registry, with that file's agencies, allow-list and politeness.

    uv run python -m flows.backfill --district siming
    uv run python -m flows.backfill --sources-file path/to/district.toml
"""

from __future__ import annotations

import argparse
from typing import Any

from prefect import State, flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows.nightly import THREADS, Options, finish, run_pipeline
from flows.report import RunReport
from flows.tasks import Scope


# Prefect annotates `task_runner` as TaskRunner[PrefectFuture[Any]], invariant in the future type,
# which none of its own runners match (Prefect casts internally): a gap in its types, hence the ignore.
@flow(name="ogi-backfill", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))  # type: ignore[arg-type]
def backfill(
    agency: str | None = None,
    district: str | None = None,
    sources_file: str | None = None,
    data_dir: str | None = None,
    strict: bool = False,
) -> RunReport | State[Any]:
    """All years of one agency (a source key such as siming/szylj), district, or file."""
    if sum(x is not None for x in (agency, district, sources_file)) != 1:
        raise ValueError("backfill one of: an agency (source key), a district, a sources file")
    scope = Scope(sources=(agency,) if agency else (), district=district, sources_file=sources_file)
    return finish(run_pipeline(Options(data_dir, scope, strict=strict)), strict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--agency", help="a registry source key, e.g. siming/szylj")
    group.add_argument("--district", help="a registry district key, e.g. siming")
    group.add_argument("--sources-file", help="a district file (TOML) outside the registry")
    parser.add_argument("--data-dir")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    from core.paths import DataPaths
    from flows.settings import configure_prefect

    configure_prefect(DataPaths.resolve(args.data_dir))
    backfill(args.agency, args.district, args.sources_file, args.data_dir, args.strict)


if __name__ == "__main__":
    main()
