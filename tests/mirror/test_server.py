"""Routing by Host, TLS per host, conditional GETs, determinism, revisions, in-flight counts."""

from __future__ import annotations

import json
import threading
import time

import pytest
import urllib3

from mirror.testing import running_mirror

from .conftest import fetcher

SIMING_DISTRICT = "http://siming.gov.cn/zfxxgkzl/qrmzf/ndbg/"


def test_host_header_selects_the_virtual_host_and_aliases_serve_the_same(fetch):
    a = fetch(SIMING_DISTRICT)
    b = fetch(SIMING_DISTRICT.replace("//siming", "//www.siming"))
    assert a.status == b.status == 200
    assert a.data == b.data
    assert "思明区" in a.data.decode()
    assert "createPageHTML(" in a.data.decode()


@pytest.mark.parametrize(
    "url",
    ["http://iqb.jimei.gov.cn/zfxxgk/001/XM03100/ndbg/", "http://www.gov.cn/", "http://www.haicang.gov.cn/"],
)
def test_unknown_dead_and_https_only_hosts_close_without_answer(fetch, url):
    with pytest.raises(urllib3.exceptions.ProtocolError):
        fetch(url)


def test_https_is_verified_against_the_mirror_ca(fetch, mirror):
    r = fetch("https://www.haicang.gov.cn/xx/zfxxgkzl/zfxxgknb/gwh/")
    assert r.status == 200
    with pytest.raises(urllib3.exceptions.SSLError):  # http-only host refuses TLS
        fetch("https://www.jimei.gov.cn/zfxxgk/001/XM03100/ndbg/")
    pool = urllib3.HTTPSConnectionPool(
        "127.0.0.1",
        mirror.https_port,
        retries=False,
        server_hostname="www.haicang.gov.cn",
        cert_reqs="CERT_REQUIRED",
        timeout=5,
    )
    with pytest.raises(urllib3.exceptions.SSLError):  # not trusted without the bundle
        pool.request("GET", "/", headers={"Host": "www.haicang.gov.cn"})


def test_huli_http_redirects_to_https_same_path(fetch):
    path = "/zwgk/zfxxgkzl/zfxxyjxndbg/"
    r = fetch("http://huli.gov.cn" + path)
    assert r.status == 301
    assert r.headers["Location"] == "https://www.huli.gov.cn" + path
    assert fetch(r.headers["Location"]).status == 200


def test_conditional_get_answers_304_and_is_logged(fetch, mirror, manifest):
    url = manifest["reports"][0]["url"]
    first = fetch(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200 and etag and modified
    since = time.time()
    assert fetch(url, {"If-None-Match": etag}).status == 304
    assert fetch(url, {"If-Modified-Since": modified}).status == 304
    assert fetch(url, {"If-None-Match": '"other"'}).status == 200
    logged = sorted(
        (r for r in mirror.requests if r.t_start >= since and url.endswith(r.host + r.path)),
        key=lambda r: r.t_start,
    )
    assert [r.status for r in logged] == [304, 304, 200]
    assert logged[0].if_none_match == etag and logged[0].bytes_sent == 0
    assert logged[1].if_modified_since == modified
    assert logged[2].bytes_sent == len(first.data)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path, manifest, fetch):
    sample = [SIMING_DISTRICT] + [r["url"] for r in manifest["reports"][::40]]
    sample += [r["url"] for r in manifest["reports"] if r["form"] == "pdf"][:2]
    with running_mirror(tmp_path / "again") as again:
        other = fetcher(again)
        for url in sample:
            assert other(url).data == fetch(url).data, url
        assert again.manifest["reports"] == manifest["reports"]
    with running_mirror(tmp_path / "seed1", seed=1) as seeded:
        assert seeded.manifest["reports"] != manifest["reports"]


def test_change_report_changes_bytes_etag_and_numbers(tmp_path):
    with running_mirror(tmp_path) as m:
        fetch = fetcher(m)
        report = next(
            r
            for r in m.manifest["reports"]
            if r["values"] and r["form"] == "html" and r["expected_outcome"] == "ok"
        )
        before = fetch(report["url"])
        m.change_report(report["url"])
        after = fetch(report["url"], {"If-None-Match": before.headers["ETag"]})
        assert after.status == 200
        assert after.data != before.data
        assert after.headers["ETag"] != before.headers["ETag"]
        assert after.headers["Last-Modified"] != before.headers["Last-Modified"]
        changed = next(r for r in m.manifest["reports"] if r["url"] == report["url"])
        assert changed["revision"] == 1
        got = changed["values"]["applications"]["new_received"]["total"]
        assert got == report["values"]["applications"]["new_received"]["total"] + 1
        on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
        assert next(r for r in on_disk["reports"] if r["url"] == report["url"])["revision"] == 1
        with pytest.raises(KeyError):
            m.change_report("http://siming.gov.cn/no/such/report.htm")


def test_max_in_flight_is_measured_per_host(mirror, fetch, manifest):
    urls = [r["url"] for r in manifest["reports"] if r["url"].startswith("http://xiangan")][:8]
    mirror.reset_log()
    barrier = threading.Barrier(len(urls))

    def go(u: str) -> None:
        barrier.wait()
        fetch(u)

    threads = [threading.Thread(target=go, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= mirror.max_in_flight("xiangan.gov.cn") <= len(urls)
    assert mirror.max_in_flight("siming.gov.cn") == 0
    assert len([r for r in mirror.requests if r.host == "xiangan.gov.cn"]) == len(urls)


def test_env_names_both_ports_and_the_bundle(mirror):
    env = mirror.env()
    assert env["OGI_MIRROR"] == f"http=127.0.0.1:{mirror.http_port},https=127.0.0.1:{mirror.https_port}"
    assert env["OGI_CA_BUNDLE"] == str(mirror.ca_bundle)
    assert mirror.ca_bundle.read_text().startswith("-----BEGIN CERTIFICATE-----")
