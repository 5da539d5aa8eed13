"""Web archives into the raw archive: restore our own export, replay the crawl, describe the rest.

One import takes every WARC file given together, because writers split one crawl across
files (Heritrix rotates at 1 GB) and a revisit may name a record in another file. Then:

1. a file that carries our capture log (`ogi archive export --warc`) is restored line for
   line: the captures it names come back exactly as they were logged (a line this data
   directory's log already holds is not logged twice), minus any whose body lay in a
   damaged record;
2. for the other files, older responses of a URL (an archive may hold several visits) are
   logged first, so that the newest visit is the URL's current capture, as after a series of
   crawls; the registry crawl is then replayed against the newest responses
   (`extract.replay`), which gives each capture what a live crawl would have given it;
3. newest responses the replay did not ask for (unknown sites, pages no column walk reaches)
   are described by the crawl's rules (`extract.archived`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from extract.archive import Archive, Capture, utc_now
from extract.archived import Body, describe_bodies
from extract.fetcher import known_from_archive
from extract.registry import Registry
from extract.replay import ArchiveIndex, Replay, replay_registry
from extract.warc import ArchivedResponse, Damage, read_warc, resolve_revisits


class Stages(Protocol):
    """Progress for a person watching (`flows.progress.Reporter` has this shape)."""

    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, name: str, step: int = 1) -> None: ...


class Quiet:
    """No progress shown (not at a terminal)."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, name: str, step: int = 1) -> None:
        pass


class _ReadProgress:
    """Bytes of one file read so far, as a progress stage."""

    def __init__(self, path: Path, progress: Stages):
        self.name, self.size, self.seen = f"read {path.name}", path.stat().st_size, 0
        self.progress = progress
        progress.stage(self.name, self.size)

    def __call__(self, offset: int) -> None:
        reached = min(offset, self.size)
        if reached > self.seen:
            self.progress.advance(self.name, reached - self.seen)
            self.seen = reached


@dataclass(frozen=True)
class FileDamage:
    path: Path
    damage: Damage

    def __str__(self) -> str:
        return f"{self.path.name}: {self.damage}"


@dataclass
class WarcImport:
    """What an import logged, and everything worth telling about how it went."""

    captures: list[Capture] = field(default_factory=list)
    damage: list[FileDamage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: int = 0
    responses: int = 0
    restored: int = 0
    replay: Replay | None = None
    described: int = 0

    @property
    def not_archived(self) -> list[Capture]:
        """What the replayed crawl asked for and the archive did not hold."""
        if self.replay is None:
            return []
        return [c for c in self.replay.captures if "not in the web archive" in c.reason]


def _restore(captures: Iterable[Capture], archive: Archive, done: WarcImport) -> None:
    logged = {c.to_json() for c in archive.captures()}
    for capture in captures:
        if capture.to_json() in logged:  # imported before: offered to the loader, not logged again
            done.captures.append(capture)
            continue
        if capture.sha256 and not archive.has(capture.sha256):
            done.warnings.append(
                f"capture of {capture.url} names a body this archive does not hold (a damaged "
                "record?); not restored"
            )
            continue
        done.captures.append(archive.record(capture))
        done.restored += 1


def _body(response: ArchivedResponse) -> Body:
    return Body(
        response.url,
        response.fetched_at or utc_now(),
        response.status,
        response.headers,
        response.sha256,
        response.size,
    )


def _describe(
    responses: list[ArchivedResponse], archive: Archive, progress: Stages, done: WarcImport
) -> None:
    if not responses:
        return
    progress.stage("describe", len(responses))
    captures = describe_bodies(
        [_body(r) for r in responses], archive, on_each=lambda: progress.advance("describe")
    )
    done.captures.extend(archive.record(c) for c in captures)
    done.described += len(captures)


def import_warcs(
    paths: Iterable[Path], archive: Archive, registry: Registry, progress: Stages | None = None
) -> WarcImport:
    """Read, restore, replay and describe (see the module docstring); damage is reported."""
    progress = progress or Quiet()
    done = WarcImport()
    foreign: list[ArchivedResponse] = []
    files = []
    for path in paths:
        contents = read_warc(path, archive, on_progress=_ReadProgress(path, progress), resolve=False)
        files.append(contents)
        if contents.captures:
            _restore(contents.captures, archive, done)
    resolve_revisits(files)
    for contents in files:
        done.records += sum(contents.records.values())
        done.responses += len(contents.responses)
        done.damage += [FileDamage(contents.path, d) for d in contents.damage]
        done.warnings += [f"{contents.path.name}: {w}" for w in contents.warnings]
        if not contents.captures:
            foreign += contents.responses
    index = ArchiveIndex.of(foreign)
    known = known_from_archive(archive)
    newest = {id(r) for r in index.by_key.values()}
    older = sorted((r for r in foreign if id(r) not in newest), key=lambda r: (r.fetched_at, r.offset))
    _describe(older, archive, progress, done)
    progress.stage("replay", None)
    done.replay = replay_registry(
        index,
        archive,
        registry,
        on_start=lambda n: progress.stage("replay", n),
        on_source=lambda _: progress.advance("replay"),
        known=known,
    )
    done.captures += done.replay.captures
    left = [r for key, r in index.by_key.items() if key not in done.replay.served]
    _describe(sorted(left, key=lambda r: (r.fetched_at, r.offset)), archive, progress, done)
    return done
