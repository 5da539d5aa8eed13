"""Reading WARC files record by record: writers' habits undone, damage confined to a record.

Small files written here with warcio's writer (and some bytes broken by hand), read with
`extract.warc.read_warc` into a real raw archive.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.archive import Archive, sha256_hex
from extract.registry import load_registry
from extract.warc import read_warc
from extract.warc_import import import_warcs

PAGE = "<html><head><title>某区2023年政府信息公开工作年度报告</title></head><body>正文</body></html>".encode()


def _response(writer: WARCWriter, url: str, body: bytes, headers=(), status="200 OK", protocol="HTTP/1.1"):
    http = StatusAndHeaders(status, [("Content-Type", "text/html"), *headers], protocol=protocol)
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
    )
    writer.write_record(record)
    return record


def _write(path: Path, gzipped: bool, records) -> list[int]:
    """Write records with `records(writer)`; returns the offset each record starts at."""
    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        original = writer.write_record

        def write_record(record, params=None):
            offsets.append(fh.tell())
            return original(record, params)

        writer.write_record = write_record
        records(writer)
    return offsets


def test_habits_are_undone(tmp_path):
    """Chunked and gzip-encoded payloads, HTTP/1.0 without a reason phrase, a bracketed URI."""
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gzip.compress(PAGE)), gzip.compress(PAGE))
    path = tmp_path / "habits.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        _response(
            w,
            "http://a.gov.cn/one.htm",
            chunked,
            [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
        )
        http = StatusAndHeaders("200", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = w.create_warc_record(
            "http://a.gov.cn/two.htm",
            "response",
            payload=io.BytesIO(PAGE),
            length=len(PAGE),
            http_headers=http,
        )
        record.rec_headers.replace_header("WARC-Target-URI", "<http://a.gov.cn/two.htm>")
        w.write_record(record)
    archive = Archive(tmp_path / "raw")
    contents = read_warc(path, archive)
    assert not contents.damage
    assert [(r.url, r.status, r.sha256) for r in contents.responses] == [
        ("http://a.gov.cn/one.htm", 200, sha256_hex(PAGE)),
        ("http://a.gov.cn/two.htm", 200, sha256_hex(PAGE)),
    ]
    assert archive.read(sha256_hex(PAGE)) == PAGE


def test_a_revisit_takes_the_body_it_names_even_from_later_in_the_file(tmp_path):
    path = tmp_path / "revisit.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        original = w.create_warc_record(
            "http://a.gov.cn/page.htm",
            "response",
            payload=io.BytesIO(PAGE),
            length=len(PAGE),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
        )
        revisit = w.create_revisit_record(
            "http://a.gov.cn/copy.htm",
            original.rec_headers.get_header("WARC-Payload-Digest"),
            "http://a.gov.cn/page.htm",
            original.rec_headers.get_header("WARC-Date"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
        )
        w.write_record(revisit)  # out of order: the revisit before what it names
        w.write_record(original)
    contents = read_warc(path, Archive(tmp_path / "raw"))
    assert {r.url: (r.record_type, r.sha256) for r in contents.responses} == {
        "http://a.gov.cn/copy.htm": ("revisit", sha256_hex(PAGE)),
        "http://a.gov.cn/page.htm": ("response", sha256_hex(PAGE)),
    }


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_damaged_record_is_reported_by_offset_and_the_rest_is_read(tmp_path, gzipped):
    path = tmp_path / ("damaged.warc.gz" if gzipped else "damaged.warc")
    bodies = [PAGE + b"<!-- %d -->" % i for i in range(5)]
    offsets = _write(
        path, gzipped, lambda w: [_response(w, f"http://a.gov.cn/{i}.htm", b) for i, b in enumerate(bodies)]
    )
    data = bytearray(path.read_bytes())
    middle = offsets[3] - 24  # inside the third record's gzip member, or its payload's end
    for i in range(middle, middle + 8):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    contents = read_warc(path, Archive(tmp_path / "raw"))
    assert [d.offset for d in contents.damage] == [offsets[2]]
    assert [r.url for r in contents.responses] == [f"http://a.gov.cn/{i}.htm" for i in (0, 1, 3, 4)]


def test_a_file_that_is_no_warc_is_one_damaged_stretch(tmp_path):
    path = tmp_path / "not.warc"
    path.write_bytes(b"\x00\x01 this is not a web archive\n" * 50)
    contents = read_warc(path, Archive(tmp_path / "raw"))
    assert [d.offset for d in contents.damage] == [0] and not contents.responses


def test_a_warc_gzipped_as_one_stream_is_still_read(tmp_path):
    plain = tmp_path / "plain.warc"
    _write(
        plain,
        False,
        lambda w: [_response(w, f"http://a.gov.cn/{i}.htm", PAGE + bytes([i])) for i in range(3)],
    )
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    contents = read_warc(whole, Archive(tmp_path / "raw"))
    assert len(contents.responses) == 3 and not contents.damage
    assert "gzip-compressed as one stream" in contents.warnings[0]


def test_a_revisit_may_name_a_record_in_another_file_of_the_same_crawl(tmp_path):
    """Heritrix rotates files; a revisit in one names a response in another."""
    first, second = tmp_path / "crawl-00001.warc.gz", tmp_path / "crawl-00002.warc.gz"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    with open(second, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        original = w.create_warc_record(
            "http://a.gov.cn/page.htm",
            "response",
            payload=io.BytesIO(PAGE),
            length=len(PAGE),
            http_headers=http,
        )
        w.write_record(original)
    with open(first, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(
            w.create_revisit_record(
                "http://a.gov.cn/copy.htm",
                original.rec_headers.get_header("WARC-Payload-Digest"),
                "http://a.gov.cn/page.htm",
                original.rec_headers.get_header("WARC-Date"),
                http_headers=http,
            )
        )
    alone = read_warc(first, Archive(tmp_path / "alone"))
    assert not alone.responses and "names a record no file given holds" in alone.warnings[0]
    archive = Archive(tmp_path / "raw")
    done = import_warcs([first, second], archive, load_registry())
    bodies = {c.url: c.sha256 for c in done.captures}
    assert bodies == {
        "http://a.gov.cn/copy.htm": sha256_hex(PAGE),
        "http://a.gov.cn/page.htm": sha256_hex(PAGE),
    }
    assert all(c.role == "detail" and c.meta["is_report"] for c in done.captures)  # its title names a report
