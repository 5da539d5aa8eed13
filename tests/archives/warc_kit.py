"""WARC files as other tools write them, made with warcio's own writer from a crawl's archive.

`foreign_warc` writes what a crawl fetched the way third-party crawlers do, not the way our
export does: no capture log, request/response pairs, and their habits spread over the
records — gzip content-encoding, chunked transfer-encoding (both, on some), HTTP/1.0 status
lines without a reason phrase, target URIs in angle brackets, 301 hops as records of their
own, a 304 as a `server-not-modified` revisit, and one page visited again a day later as an
`identical-payload-digest` revisit. Reading it back must undo every habit.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.archive import Archive, Capture

NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"


@dataclass(frozen=True)
class Written:
    path: Path
    revisited: str  # the URL visited again a day later
    revisit_date: str


def _date(fetched_at: str, later: timedelta = timedelta()) -> str:
    return (datetime.fromisoformat(fetched_at) + later).strftime("%Y-%m-%dT%H:%M:%SZ")


def _chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def _framed(n: int, headers: dict[str, str], body: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The payload and headers as the wire carried them, habits by record number."""
    pairs = [(k.title(), v) for k, v in headers.items() if k != "content-length"]
    if n % 4 in (0, 2) and body:
        body = gzip.compress(body, mtime=0)
        pairs.append(("Content-Encoding", "gzip"))
    if n % 4 in (1, 2) and body:
        body = _chunked(body)
        pairs.append(("Transfer-Encoding", "chunked"))
    else:
        pairs.append(("Content-Length", str(len(body))))
    return pairs, body


def foreign_warc(archive: Archive, out: Path) -> Written:
    """Write every HTTP exchange `archive` logged to `out` (see the module docstring)."""
    captures = [c for c in archive.captures() if c.status is not None]
    first: dict[str, tuple[str, str, str, str]] = {}  # url -> (record id, uri, date, digest)
    revisited = next(c for c in captures if c.role == "detail" and c.meta.get("is_report"))
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, capture in enumerate(captures):
            _write_hops(writer, capture)
            target = capture.final_url or capture.url
            date = _date(capture.fetched_at)
            uri = f"<{target}>" if n % 5 == 0 else target
            protocol, status = ("HTTP/1.0", str(capture.status)) if n % 3 == 0 else ("HTTP/1.1", None)
            if capture.status == 304 and target in first:
                record_id, first_uri, first_date, digest = first[target]
                http = StatusAndHeaders(
                    "304 Not Modified", list(capture.headers.items()), protocol="HTTP/1.1"
                )
                record = writer.create_revisit_record(
                    uri,
                    digest,
                    first_uri,
                    first_date,
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": record_id},
                )
                record.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
                writer.write_record(record)
                continue
            body = archive.read(capture.sha256) if capture.sha256 else b""
            pairs, payload = _framed(n, capture.headers, body)
            http = StatusAndHeaders(status or f"{capture.status} OK", pairs, protocol=protocol)
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
            headers = record.rec_headers
            first.setdefault(
                target,
                (
                    headers.get_header("WARC-Record-ID"),
                    target,
                    date,
                    headers.get_header("WARC-Payload-Digest"),
                ),
            )
        _revisit_later(writer, revisited, first)
    return Written(out, revisited.url, _date(revisited.fetched_at, timedelta(days=1)))


def _write_hops(writer: WARCWriter, capture: Capture) -> None:
    hops = [capture.url, *capture.meta.get("redirects", [])]
    for here, there in pairwise(hops):
        http = StatusAndHeaders(
            "301 Moved Permanently", [("Location", there), ("Content-Length", "0")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                here,
                "response",
                http_headers=http,
                warc_headers_dict={"WARC-Date": _date(capture.fetched_at)},
            )
        )


def _revisit_later(writer: WARCWriter, capture: Capture, first: dict[str, tuple[str, str, str, str]]) -> None:
    target = capture.final_url or capture.url
    _, first_uri, first_date, digest = first[target]
    http = StatusAndHeaders("200 OK", list(capture.headers.items()), protocol="HTTP/1.1")
    writer.write_record(
        writer.create_revisit_record(
            target,
            digest,
            first_uri,
            first_date,
            http_headers=http,
            warc_headers_dict={"WARC-Date": _date(capture.fetched_at, timedelta(days=1))},
        )
    )


def record_offsets(path: Path) -> list[tuple[int, str, str]]:
    """(offset, type, target URI) of every record, as an index tool lists them."""
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        return [
            (iterator.get_record_offset(), r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "")
            for r in iterator
        ]


def damage_record(path: Path, offset: int, at: int = 60, length: int = 40) -> None:
    """Overwrite bytes inside the record that starts at `offset` (inside its gzip member)."""
    data = bytearray(path.read_bytes())
    for i in range(offset + at, offset + at + length):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
