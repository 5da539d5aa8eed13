"""Read a web archive (WARC 1.0/1.1, ISO 28500) into the raw archive, record by record.

Heritrix, Browsertrix, `wget --warc-file` and the Internet Archive write WARC, each with its
habits, and `warcio` reads them all: a `WARC-Target-URI` in angle brackets, HTTP/1.0 status
lines, payloads still chunked or gzip-encoded as they came off the wire (decoded here, so the
stored bytes are the body a crawl would have stored), `revisit` records that carry no payload
but name an earlier record with the identical one (resolved by `WARC-Refers-To`, then the
payload digest, then the referred URI and date), `request` records beside each response
(the request is not a capture: nothing of it is stored). Every payload is stored in the
content-addressed archive as it is read, so memory holds one body at a time.

Damage costs one record, never the file: a record that cannot be read (a broken gzip member,
a mangled header, a block whose digest does not match) is reported by its offset, and reading
resumes at the next record boundary found after it. Our own export (`extract.warc_export`)
puts each capture's log line in a `metadata` record beside its response; those come back as
`captures`, so a re-import restores the capture log exactly.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import mmap
import os
import re
import shutil
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from extract.archive import Archive, Capture

WARC_SUFFIXES = (".warc", ".warc.gz")
# The media type of a metadata record holding one capture-log line (`Capture.to_json`).
CAPTURE_MEDIA_TYPE = "application/vnd.ogi.capture+json"
# A body larger than the crawler's own cap (`HttpPolicy.max_body_bytes`) is not stored: the
# crawl would have refused it too.
MAX_PAYLOAD_BYTES = 50 * 1024 * 1024
READ_CHUNK = 1024 * 1024
GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_LINE = b"\nWARC/1."
_REVISIT = "revisit"
_BODY_RECORDS = ("response", "resource", _REVISIT)
# What a damaged record raises inside warcio, zlib or the HTTP-header parser.
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, OSError)
_INCOMPLETE = re.compile(r"Record not followed by newline.*?Offset: (\d+)", re.DOTALL)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response a web archive holds, its body already in the raw archive.

    `sha256` is empty when the record has no usable body (a 304, an unresolved revisit, a
    body over the size cap); `reason` then says why.
    """

    url: str
    fetched_at: str
    status: int | None
    headers: tuple[tuple[str, str], ...]
    sha256: str
    size: int
    offset: int
    record_type: str
    record_id: str = ""
    reason: str = ""
    digest: str = ""  # WARC-Payload-Digest, as the writer computed it


@dataclass(frozen=True)
class Revisit:
    """A revisit record waiting for the body it names (which may be in a later file)."""

    response: ArchivedResponse
    refers_to: str
    target: str
    date: str


@dataclass(frozen=True)
class Damage:
    """A record that could not be read; the rest of the file still was."""

    offset: int
    reason: str

    def __str__(self) -> str:
        return f"record at offset {self.offset}: {self.reason}; skipped"


@dataclass
class WarcContents:
    """What one WARC file held: responses, our own capture log lines, and its damage."""

    path: Path
    responses: list[ArchivedResponse] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    damage: list[Damage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: Counter = field(default_factory=Counter)
    revisits: list[Revisit] = field(default_factory=list)


def warc_time(text: str | None) -> str:
    """A `WARC-Date` (`2024-01-15T08:00:00Z`, fractions allowed) as `Capture.fetched_at`."""
    try:
        moment = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def target_uri(record: ArcWarcRecord) -> str:
    """The record's URI, without the angle brackets some writers put round it (WARC 1.1's
    own examples do)."""
    return (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>").strip()


class _Reader:
    """Turns records into `ArchivedResponse`s and captures, storing each body once read."""

    def __init__(self, path: Path, archive: Archive):
        self.archive = archive
        self.contents = WarcContents(path)

    def visit(self, offset: int, record: ArcWarcRecord) -> None:
        if record.format != "warc":  # warcio reads any line as an ARC header: not ours
            raise ArchiveLoadFailed("Invalid WARC record")
        kind = record.rec_type
        self.contents.records[kind] += 1
        if kind == "metadata" and self._is_capture_line(record):
            self.contents.captures.append(self._capture_line(record))
            return
        if kind not in _BODY_RECORDS:
            return
        if not target_uri(record).lower().startswith(("http:", "https:")):
            if kind == "resource" and target_uri(record).startswith("file:"):
                body, _ = self._read_body(record)  # an ingested local file our export holds
                if body is not None:
                    self.archive.put(body)
            return
        headers = record.rec_headers
        status, http_headers = self._status_and_headers(record)
        sha, size, reason = "", 0, ""
        if kind != _REVISIT:
            body, reason = self._read_body(record)
            self._check_digests(offset, record)
            if body is not None:
                sha, size = self.archive.put(body), len(body)
        response = ArchivedResponse(
            url=target_uri(record),
            fetched_at=warc_time(headers.get_header("WARC-Date")),
            status=status,
            headers=http_headers,
            sha256=sha,
            size=size,
            offset=offset,
            record_type=kind,
            record_id=headers.get_header("WARC-Record-ID") or "",
            reason=reason,
            digest=headers.get_header("WARC-Payload-Digest") or "",
        )
        if kind == _REVISIT:
            self.contents.revisits.append(
                Revisit(
                    response,
                    headers.get_header("WARC-Refers-To") or "",
                    (headers.get_header("WARC-Refers-To-Target-URI") or "").strip("<>"),
                    warc_time(headers.get_header("WARC-Refers-To-Date")),
                )
            )
        else:
            self.contents.responses.append(response)

    @staticmethod
    def _is_capture_line(record: ArcWarcRecord) -> bool:
        media_type = (record.rec_headers.get_header("Content-Type") or "").split(";")[0].strip()
        return media_type == CAPTURE_MEDIA_TYPE

    @staticmethod
    def _status_and_headers(record: ArcWarcRecord) -> tuple[int | None, tuple[tuple[str, str], ...]]:
        http = record.http_headers
        if http is None or not http.statusline:  # a `resource` record: the body as such
            media_type = record.rec_headers.get_header("Content-Type") or ""
            return 200, (("Content-Type", media_type),) if media_type else ()
        code = http.get_statuscode()
        return (int(code) if code and code.isdigit() else None), tuple(http.headers)

    @staticmethod
    def _capture_line(record: ArcWarcRecord) -> Capture:
        try:
            return Capture.from_json(record.content_stream().read().decode("utf-8"))
        except (ValueError, TypeError) as exc:
            raise ArchiveLoadFailed(f"its capture line is unreadable ({exc})") from None

    @staticmethod
    def _read_body(record: ArcWarcRecord) -> tuple[bytes | None, str]:
        """The payload dechunked and decoded as an HTTP client would (None past the cap)."""
        stream = record.content_stream()
        chunks, total = [], 0
        while chunk := stream.read(READ_CHUNK):
            total += len(chunk)
            if total > MAX_PAYLOAD_BYTES:
                while stream.read(READ_CHUNK):
                    pass
                return None, f"body larger than {MAX_PAYLOAD_BYTES} bytes, not stored"
            chunks.append(chunk)
        return b"".join(chunks), ""

    def _check_digests(self, offset: int, record: ArcWarcRecord) -> None:
        """A block that fails its digest is damage. A payload digest alone failing is only a
        warning: writers disagree on whether it covers the chunked or the decoded form."""
        problems = getattr(getattr(record, "digest_checker", None), "problems", [])
        if any(p.startswith("block digest failed") for p in problems):
            raise ArchiveLoadFailed("its block digest does not match its bytes")
        if problems and not record.rec_headers.get_header("WARC-Block-Digest"):
            raise ArchiveLoadFailed("its payload digest does not match its bytes")
        for problem in problems:
            self.contents.warnings.append(f"record at offset {offset}: {problem[:80]}; loaded anyway")


def resolve_revisits(files: list[WarcContents]) -> None:
    """Give each revisit the body it names, looked up across all `files` (writers split one
    crawl over files): by `WARC-Refers-To`, else the payload digest, else the referred URI
    and date. A revisit whose original is nowhere is left out, with a warning."""
    originals = [r for contents in files for r in contents.responses if r.sha256]
    by_id = {r.record_id: r for r in originals if r.record_id}
    by_digest: dict[str, ArchivedResponse] = {}
    for response in originals:
        if response.digest:
            by_digest.setdefault(response.digest, response)
    by_target = {(r.url, r.fetched_at): r for r in originals}
    for contents in files:
        for revisit in contents.revisits:
            own = revisit.response
            original = (
                by_id.get(revisit.refers_to)
                or by_digest.get(own.digest)
                or by_target.get((revisit.target, revisit.date))
            )
            if original is None:
                contents.warnings.append(
                    f"record at offset {own.offset}: revisit of {own.url} names a record no file "
                    "given holds; its body is unknown"
                )
                continue
            status, headers = own.status, own.headers
            if status in (None, 304):  # `server-not-modified`: the referred response stands
                status, headers = original.status, original.headers
            contents.responses.append(
                replace(
                    own,
                    status=status,
                    headers=headers or original.headers,
                    sha256=original.sha256,
                    size=original.size,
                )
            )
        contents.revisits = []
        contents.responses.sort(key=lambda r: r.offset)


def _resync(view: mmap.mmap, start: int, gzipped: bool) -> int | None:
    """Where the next record may begin at or after `start` (a gzip member or a `WARC/` line)."""
    if gzipped:
        found = view.find(GZIP_MEMBER, start)
        return None if found < 0 else found
    found = view.find(WARC_LINE, start - 1)
    return None if found < 0 else found + 1


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if text.startswith("Invalid WARC record"):
        return "not a WARC record (the bytes there are no record header)"
    if isinstance(exc, zlib.error):
        return f"its gzip member is broken ({text[:80]})"
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _walk(
    fh: BinaryIO,
    visit: Callable[[int, ArcWarcRecord], None],
    on_progress: Callable[[int], None] | None,
    damage: list[Damage],
) -> None:
    """Call `visit(offset, record)` for every readable record; damage is recorded and skipped.

    After a failure, reading restarts at the next place a record may begin; a restart that
    fails at once belongs to the same damaged stretch and is not reported again.
    """
    size = os.fstat(fh.fileno()).st_size
    if size == 0:
        return
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
        gzipped = view[:3] == GZIP_MEMBER
        start: int | None = 0
        damaged = False
        while start is not None and start < size:
            fh.seek(start)
            iterator = ArchiveIterator(fh, check_digests=True)
            offset = start
            try:
                for record in iterator:
                    visit(offset, record)
                    iterator.get_record_offset()  # reads to the record's end
                    offset, damaged = iterator.offset, False
                    if on_progress:
                        on_progress(offset)
                return
            except _DAMAGE as exc:
                if "non-chunked gzip" in str(exc):
                    raise _OneGzipStream from None
                if not damaged:
                    damage.append(Damage(offset, _reason(exc)))
                damaged = True
                start = _resync(view, offset + 1, gzipped)


class _OneGzipStream(Exception):
    """The file is one gzip stream, not a gzip member per record (what `gzip FILE.warc` makes)."""


def _read(fh: BinaryIO, reader: _Reader, on_progress: Callable[[int], None] | None) -> None:
    complaints = io.StringIO()
    with contextlib.redirect_stderr(complaints):  # warcio prints length warnings to stderr
        _walk(fh, reader.visit, on_progress, reader.contents.damage)
    for match in _INCOMPLETE.finditer(complaints.getvalue()):
        reader.contents.warnings.append(
            f"record ending near offset {match.group(1)} is not followed by a blank line "
            "(its Content-Length may be wrong)"
        )


def read_warc(
    path: Path, archive: Archive, on_progress: Callable[[int], None] | None = None, resolve: bool = True
) -> WarcContents:
    """Every response in `path`, bodies stored in `archive`; damage is listed, never raised.

    Revisits are resolved within the file unless `resolve` is false (the caller then calls
    `resolve_revisits` over all its files). `on_progress(offset)` is called after each
    record with the bytes read so far. A file
    gzip-compressed as one stream (not member by member) cannot be read by offset: it is
    decompressed to a temporary file first, and its offsets are positions in that.
    """
    reader = _Reader(path, archive)
    with open(path, "rb") as fh:
        try:
            _read(fh, reader, on_progress)
            if resolve:
                resolve_revisits([reader.contents])
            return reader.contents
        except _OneGzipStream:
            pass
    reader = _Reader(path, archive)
    with tempfile.TemporaryFile() as plain:
        with gzip.open(path, "rb") as packed:
            shutil.copyfileobj(packed, plain, READ_CHUNK)
        plain.flush()
        _read(plain, reader, on_progress)
    reader.contents.warnings.insert(
        0,
        f"{path.name} is gzip-compressed as one stream, not record by record as WARC tools write "
        "it; read through a decompressed copy, so offsets are positions in the uncompressed file",
    )
    if resolve:
        resolve_revisits([reader.contents])
    return reader.contents
