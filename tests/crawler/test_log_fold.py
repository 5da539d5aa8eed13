"""Folds over the capture log carry on where they stopped, and start afresh on another log."""

from __future__ import annotations

from extract import archive as archive_module
from extract.archive import Archive, Capture
from extract.fetcher import known_from_archive


def _log(archive: Archive, url: str, etag: str) -> None:
    sha = archive.put(f"{url} {etag}".encode())
    archive.record(Capture(url, sha, headers={"etag": etag}, role="detail"))


def _read_whole(archive: Archive) -> dict:
    archive_module._FOLDS.clear()  # as a fresh process would
    return known_from_archive(archive)


def test_a_fold_reads_only_what_was_appended_and_equals_a_fold_of_the_whole_log(tmp_path, monkeypatch):
    archive = Archive(tmp_path)
    _log(archive, "http://a.gov.cn/1.htm", "e1")
    _log(archive, "http://a.gov.cn/2.htm", "e2")
    assert set(known_from_archive(archive)) == {"http://a.gov.cn/1.htm", "http://a.gov.cn/2.htm"}
    read_from = []
    real = Archive.captures_after
    monkeypatch.setattr(Archive, "captures_after", lambda self, o: read_from.append(o) or real(self, o))
    _log(archive, "http://a.gov.cn/1.htm", "e3")
    folded = known_from_archive(archive)
    assert read_from[0] > 0  # carried on from where the first fold stopped
    assert folded["http://a.gov.cn/1.htm"].etag == "e3"
    assert folded == _read_whole(archive)
    folded.clear()  # the caller's copy: the kept fold is untouched
    assert len(known_from_archive(archive)) == 2


def test_a_log_rewritten_in_place_is_folded_from_the_start(tmp_path):
    archive = Archive(tmp_path)
    _log(archive, "http://a.gov.cn/1.htm", "e1")
    known_from_archive(archive)
    lines = archive.log_path.read_bytes()
    with open(archive.log_path, "wb") as fh:  # same file, same inode, other lines
        fh.write(lines.replace(b"a.gov.cn/1.htm", b"b.gov.cn/9.htm") * 2)
    assert set(known_from_archive(archive)) == {"http://b.gov.cn/9.htm"}
    archive.log_path.unlink()
    assert known_from_archive(archive) == {}
