"""The raw archive as a standard web archive (WARC 1.0, one gzip member per record).

So that any web-archive tool can replay or verify what we crawled (`warcio check`, `warcio
index`, pywb), every capture that got an HTTP answer becomes a `request`/`response` pair at
its fetch time, with the response's status and the headers the capture kept. A body already
written once becomes a `revisit` (identical-payload-digest) naming its first record, as
crawlers write repeat visits. Each capture's own log line follows in a `metadata` record
(`extract.warc.CAPTURE_MEDIA_TYPE`), concurrent to its response when it has one: re-imported,
those lines restore the capture log exactly, including what no HTTP exchange shows (refusals,
roles, parents, page descriptions). A locally ingested file becomes a `resource` record.

What the archive does not keep is not invented. Requests are rebuilt from the crawler's fixed
request headers (the archive stores no request bytes), with the conditional headers it would
have sent; the HTTP version and reason phrase are HTTP/1.1's; redirect hops are not records
(the capture's line names them); `Content-Length` is the stored body's length, since the body
is stored decoded.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from core.sniff import sniff
from extract.archive import Archive, Capture
from extract.http import USER_AGENT
from extract.warc import CAPTURE_MEDIA_TYPE

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

# Outcomes whose body carries validators the crawler sends back next time (`extract.fetcher`).
_VALIDATING = ("ok", "unchanged", "rejected")
_MEDIA_TYPES = {"pdf": "application/pdf", "ole": "application/msword", "zip": "application/zip"}
_REQUEST_HEADERS = (
    ("User-Agent", USER_AGENT),
    ("Accept-Language", "zh-CN,zh;q=0.9"),
    ("Accept-Encoding", "gzip, deflate"),
)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    captures: int
    responses: int
    revisits: int
    metadata_only: int
    files: int
    bytes: int


def _warc_date(fetched_at: str) -> str:
    try:
        moment = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha256_digest(hex_digest: str) -> str:
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def _answered_url(capture: Capture) -> str:
    """The URL whose response this capture stored: the last hop actually requested."""
    hops = [capture.url, *capture.meta.get("redirects", [])]
    if capture.outcome == "refused" and len(hops) > 1:
        return hops[-2]  # the refused redirect target was never requested
    return capture.final_url or hops[-1]


class _Writer:
    def __init__(self, out: BinaryIO, archive: Archive, compress: bool) -> None:
        self.warc = WARCWriter(out, gzip=compress)
        self.archive = archive
        self.first: dict[str, tuple[str, str, str]] = {}  # sha -> (record id, uri, date)
        self.validators: dict[str, tuple[str, str]] = {}  # url -> (etag, last-modified)
        self.counts = {"responses": 0, "revisits": 0, "metadata_only": 0, "files": 0}

    def warcinfo(self, name: str, captures: int) -> None:
        info = {
            "software": "ogi-warehouse (ogi archive export --warc)",
            "format": "WARC File Format 1.0",
            "description": (
                f"{captures} captures of the OGI Warehouse raw archive; request records are "
                "rebuilt from the crawler's fixed request headers; each capture's log line is "
                f"in a metadata record of type {CAPTURE_MEDIA_TYPE}"
            ),
            "robots": "obey",
        }
        self.warc.write_record(self.warc.create_warcinfo_record(name, info))

    def capture(self, capture: Capture) -> None:
        date = _warc_date(capture.fetched_at)
        concurrent = None
        if capture.role == "file" and capture.sha256:
            concurrent = self._file(capture, date)
        elif capture.status is not None:
            concurrent = self._exchange(capture, capture.status, date)
        else:
            self.counts["metadata_only"] += 1
        self._line(capture, date, concurrent)
        if capture.sha256 and capture.outcome in _VALIDATING:
            validators = (capture.headers.get("etag", ""), capture.headers.get("last-modified", ""))
            self.validators[capture.url] = validators

    def _file(self, capture: Capture, date: str) -> str:
        body = self.archive.read(capture.sha256)
        record = self.warc.create_warc_record(
            Path(capture.url).absolute().as_uri(),
            "resource",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=_MEDIA_TYPES.get(sniff(body) or "", "application/octet-stream"),
            warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": _sha256_digest(capture.sha256)},
        )
        self.warc.write_record(record)
        self.counts["files"] += 1
        return record.rec_headers.get_header("WARC-Record-ID")

    def _exchange(self, capture: Capture, status: int, date: str) -> str:
        """The request and response records of a capture that got an answer (`status`)."""
        url = _answered_url(capture)
        body = self.archive.read(capture.sha256) if capture.sha256 else b""
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        headers = [(k, v) for k, v in capture.headers.items() if k != "content-length"]
        headers.append(("content-length", str(len(body))))
        http = StatusAndHeaders(f"{status} {phrase}".strip(), headers, protocol="HTTP/1.1")
        first = self.first.get(capture.sha256) if capture.sha256 else None
        fields = {"WARC-Date": date}
        if first is not None:
            record_id, first_uri, first_date = first
            response = self.warc.create_revisit_record(
                url,
                _sha256_digest(capture.sha256),
                first_uri,
                first_date,
                http_headers=http,
                warc_headers_dict={**fields, "WARC-Refers-To": record_id},
            )
            self.counts["revisits"] += 1
        else:
            if capture.sha256:
                fields["WARC-Payload-Digest"] = _sha256_digest(capture.sha256)
            response = self.warc.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict=fields,
            )
            self.counts["responses"] += 1
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        if capture.sha256 and first is None:
            self.first[capture.sha256] = (response_id, url, date)
        self.warc.write_request_response_pair(self._request(url, date, capture.url), response)
        return response_id

    def _request(self, url: str, date: str, asked: str) -> ArcWarcRecord:
        """The GET the crawler sent for `asked` (conditional when it held a body), as `url`."""
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc), *_REQUEST_HEADERS]
        etag, modified = self.validators.get(asked, ("", ""))
        if etag:
            headers.append(("If-None-Match", etag))
        if modified:
            headers.append(("If-Modified-Since", modified))
        http = StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
        return self.warc.create_warc_record(
            url, "request", http_headers=http, warc_headers_dict={"WARC-Date": date}
        )

    def _line(self, capture: Capture, date: str, concurrent: str | None) -> None:
        line = capture.to_json().encode("utf-8")
        fields = {"WARC-Date": date}
        if concurrent:
            fields["WARC-Concurrent-To"] = concurrent
        uri = capture.url if "://" in capture.url else Path(capture.url).absolute().as_uri()
        self.warc.write_record(
            self.warc.create_warc_record(
                uri,
                "metadata",
                payload=io.BytesIO(line),
                length=len(line),
                warc_content_type=CAPTURE_MEDIA_TYPE,
                warc_headers_dict=fields,
            )
        )


def export_warc(
    archive: Archive, out: Path, on_capture: Callable[[int, int], None] | None = None
) -> ExportSummary:
    """Write every capture of `archive` to `out` (see the module docstring), atomically:
    `out` appears whole or not at all; gzip-compressed record by record when it ends in
    `.gz`. `on_capture(done, total)` reports progress."""
    captures = list(archive.captures())
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    try:
        with open(partial, "wb") as fh:
            writer = _Writer(fh, archive, compress=out.name.lower().endswith(".gz"))
            writer.warcinfo(out.name, len(captures))
            for done, capture in enumerate(captures, start=1):
                writer.capture(capture)
                if on_capture:
                    on_capture(done, len(captures))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ExportSummary(out, len(captures), bytes=out.stat().st_size, **writer.counts)
