"""Fast tests on a two-report warehouse: failing cells highlighted, the checks page, the CLI,
and a crash mid-build leaving the previous site whole."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser
from site_kit import run_ogi, small_data

from warehouse.site import INPUTS_FILE, build_site
from warehouse.site.cells import cells_of
from warehouse.site.tables import cell_id


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return small_data(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def small_site(small, tmp_path_factory):
    return build_site(small, tmp_path_factory.mktemp("small-site") / "site")


def _tree(path):
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _report(small, year):
    from warehouse.store.db import connect_reader

    con = connect_reader(small.published)
    try:
        report_id, agency_id = con.execute(
            "SELECT report_id, agency_id FROM v_report WHERE year = ?", [year]
        ).fetchone()
        failing = con.execute(
            "SELECT rule, subject FROM v_check_result WHERE report_id = ? AND status = 'fail'", [report_id]
        ).fetchall()
    finally:
        con.close()
    return agency_id, failing


def test_the_cells_of_failing_checks_are_highlighted_and_no_others(small, small_site):
    agency_id, failing = _report(small, 2023)
    rules = {rule for rule, _ in failing}
    assert {"t3.total_processed", "t3.row_total"} <= rules, failing
    page = _tree(small_site.parent / "reports" / f"{agency_id}-2023.html")
    printed = {node.attributes["id"] for node in page.css("table.t3 td[id]")}
    expected = {
        cell_id(c) for rule, subject in failing for c in cells_of(rule, subject) if cell_id(c) in printed
    }
    highlighted = {node.attributes["id"] for node in page.css("td.fail")}
    assert "t3-granted-total" in highlighted and "t3-total_processed-total" in highlighted
    assert highlighted == expected
    listed = page.css("aside.checks li.fail")
    assert len(listed) == len(failing)
    assert all(
        li.css_first("a").attributes["href"].lstrip("#") in printed for li in listed if li.css_first("a")
    )

    agency_id, failing_2022 = _report(small, 2022)
    assert not [f for f in failing_2022 if f[0].startswith("t3.")]
    clean = _tree(small_site.parent / "reports" / f"{agency_id}-2022.html")
    assert not clean.css("table.t3 td.fail")


def test_checks_page_lists_each_failure_with_its_cells(small, small_site):
    agency_id, failing = _report(small, 2023)
    page = _tree(small_site.parent / "checks.html")
    section = page.css_first("section#t3-row_total")
    assert section is not None
    rows = section.css("tbody tr")
    assert len(rows) == sum(rule == "t3.row_total" for rule, _ in failing)
    text = section.text()
    assert "予以公开" in text and "总计" in text
    link = rows[0].css_first("a").attributes["href"]
    assert link.startswith(f"reports/{agency_id}-2023.html#t3-granted-")


def test_coverage_marks_the_failing_year(small, small_site):
    agency_id, _ = _report(small, 2023)
    cell = _tree(small_site).css_first(f'a[href="reports/{agency_id}-2023.html"]')
    assert cell.parent.attributes["class"] == "st-failed_checks"


def test_a_crash_mid_build_leaves_the_previous_site(small, tmp_path, monkeypatch):
    from warehouse.site import pages

    out = tmp_path / "site"
    index = build_site(small, out)
    (out / INPUTS_FILE).unlink()  # else the same inputs rebuild nothing, and nothing can crash
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pages, "trends_page", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(small, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before and index.is_file()
    assert not list(tmp_path.glob("site.partial-*"))


def test_an_interrupted_swap_is_repaired_by_the_next_build(small, tmp_path):
    out = tmp_path / "site"
    build_site(small, out)
    out.rename(tmp_path / "site.previous")  # killed between the two renames
    (tmp_path / "site.partial-999999999").mkdir()  # and a dead build's leftovers
    index = build_site(small, out)
    assert index.is_file()
    assert not (tmp_path / "site.previous").exists()
    assert not list(tmp_path.glob("site.partial-*"))


def test_unchanged_data_builds_identical_pages_and_reuses_the_font(small, tmp_path):
    out = tmp_path / "site"
    build_site(small, out)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    build_site(small, out)
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second


def test_ogi_report_prints_the_index_path(small, tmp_path):
    done = run_ogi("report", "--data-dir", str(small.root), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "out" / "index.html")
    assert (tmp_path / "out" / "reports").is_dir()


def test_ogi_report_without_a_snapshot_says_what_is_missing(tmp_path):
    done = run_ogi("report", "--data-dir", str(tmp_path / "empty"))
    assert done.returncode == 1
    assert "no warehouse at" in done.stderr and "published" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "empty" / "site").exists()


def test_a_corrupt_export_manifest_is_named(small, tmp_path):
    import shutil

    from core.paths import DataPaths

    copy = DataPaths.resolve(tmp_path / "data")
    shutil.copytree(small.root, copy.root)
    (copy.exports / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"manifest\.json"):
        build_site(copy)
    assert not copy.site.exists()


def test_an_empty_warehouse_builds_a_site_that_says_so(tmp_path):
    from core.paths import DataPaths
    from warehouse.publish.snapshot import publish_snapshot
    from warehouse.store.db import connect_writer

    paths = DataPaths.resolve(tmp_path / "data")
    con = connect_writer(paths.warehouse)
    publish_snapshot(paths, con)
    con.close()
    index = build_site(paths)
    assert index == paths.site / "index.html"
    assert not _tree(index).css("table.heatmap td")
    assert "No current report fails any check" in (paths.site / "checks.html").read_text("utf-8")
    assert "No export yet" in (paths.site / "downloads.html").read_text("utf-8")
    assert not list(paths.site.glob("reports/*.html"))


def test_builds_while_a_run_holds_the_warehouse_for_writing(small, tmp_path):
    """The site reads the published snapshot only, so a loading writer does not block it."""
    from warehouse.store.db import connect_writer

    writer = connect_writer(small.warehouse)
    try:
        index = build_site(small, tmp_path / "site")
    finally:
        writer.close()
    assert index.is_file()


def test_a_rebuild_with_the_same_inputs_touches_nothing_and_new_inputs_reuse_unchanged_pages(small, tmp_path):
    import json

    out = tmp_path / "site"
    index = build_site(small, out)
    inode = index.stat().st_ino
    assert build_site(small, out) == index and index.stat().st_ino == inode  # not even swapped
    inputs = json.loads((out / INPUTS_FILE).read_text(encoding="utf-8"))
    inputs["site"] = inputs["snapshot"] = "stale"  # as if the data had changed: every page is checked again
    (out / INPUTS_FILE).write_text(json.dumps(inputs), encoding="utf-8")
    before = {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != INPUTS_FILE
    }
    build_site(small, out)
    assert index.stat().st_ino != inode  # rebuilt and swapped in
    after = {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != INPUTS_FILE
    }
    assert after == before  # every page's own inputs were unchanged: copied, identical


def test_the_site_reports_each_page_it_renders(small, tmp_path):
    calls: list[tuple[int, int]] = []
    index = build_site(small, tmp_path / "site", on_page=lambda d, t: calls.append((d, t)))
    report_pages = list((index.parent / "reports").glob("*.html"))
    assert len(report_pages) == 2
    total = calls[-1][1]
    assert total >= len(report_pages)
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_the_same_snapshot_file_is_not_even_queried_and_a_new_copy_of_the_same_data_rebuilds_nothing(
    small, tmp_path, monkeypatch
):
    import shutil

    from core.paths import DataPaths
    from warehouse import site

    paths = DataPaths.resolve(tmp_path / "data")
    shutil.copytree(small.root, paths.root)
    index = build_site(paths)
    inode = index.stat().st_ino
    reads = []
    real_read = site._read
    monkeypatch.setattr(site, "_read", lambda con, manifest: reads.append(1) or real_read(con, manifest))
    assert build_site(paths) == index and reads == []  # the snapshot file is the one built from
    copy = paths.published.with_name("copy.duckdb")
    shutil.copyfile(paths.published, copy)
    copy.replace(paths.published)  # re-published, same data: a new file
    assert build_site(paths) == index and reads == [1] and index.stat().st_ino == inode
    assert build_site(paths) == index and reads == [1]  # and that file is now known
