"""What the pages show equals what the warehouse holds (read back from the HTML)."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser


def _tree(path):
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _number(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return None if text == "" else int(text)


def _busiest_report(snapshot) -> tuple[int, str, int]:
    return snapshot.execute("""
        SELECT report_id, agency_id, year FROM v_table3_wide
        WHERE template IS NOT NULL ORDER BY total_processed DESC NULLS LAST, report_id
        LIMIT 1""").fetchone()


def test_one_agency_year_shows_the_warehouse_cells_and_provenance(demo_site, snapshot):
    report_id, agency_id, year = _busiest_report(snapshot)
    tree = _tree(demo_site.parent / "reports" / f"{agency_id}-{year}.html")

    cells = snapshot.execute(
        """
        SELECT disposition::VARCHAR, applicant::VARCHAR, value FROM v_application
        WHERE report_id = ?""",
        [report_id],
    ).fetchall()
    assert len(cells) >= 100
    shown = {node.attributes["id"]: _number(node.text()) for node in tree.css("table.t3 td[id]")}
    assert len(shown) == len(cells)
    for disposition, applicant, value in cells:
        assert shown[f"t3-{disposition}-{applicant}".replace(".", "_")] == value, (disposition, applicant)
    assert any(v for v in shown.values()), "the busiest report should print non-zero cells"

    t4 = snapshot.execute(
        "SELECT proceeding::VARCHAR, outcome::VARCHAR, value FROM v_review_litigation WHERE report_id = ?",
        [report_id],
    ).fetchall()
    shown4 = {node.attributes["id"]: _number(node.text()) for node in tree.css("table.t4 td[id]")}
    assert shown4 == {f"t4-{p}-{o}": v for p, o, v in t4}

    t2 = snapshot.execute(
        "SELECT item::VARCHAR, measure::VARCHAR, value, raw_text FROM v_proactive WHERE report_id = ?",
        [report_id],
    ).fetchall()
    shown2 = {node.attributes["id"]: node.text() for node in tree.css("table.t2 td[id]")}
    assert t2
    for item, measure, value, raw in t2:
        printed = raw if raw else ("" if value is None else str(value))
        assert shown2[f"t2-{item}-{measure}".replace(".", "_")] == printed, (item, measure)

    sha, url, parser, fetched = snapshot.execute(
        "SELECT content_sha256, source_url, parser_version, fetched_at FROM v_report WHERE report_id = ?",
        [report_id],
    ).fetchone()
    provenance = tree.css_first("dl.provenance").text()
    for expected in (sha, url, parser, str(fetched)):
        assert expected in provenance


def test_trends_overall_table_equals_the_view_sums(demo_site, snapshot):
    expected = {
        year: (received, handled)
        for year, received, handled in snapshot.execute("""
        SELECT year, sum(new_received), sum(total_processed) FROM v_table3_wide
        WHERE template IS NOT NULL GROUP BY year""").fetchall()
    }
    overall = _tree(demo_site.parent / "trends.html").css_first("section.trend table.data")
    shown = {}
    for row in overall.css("tbody tr"):
        year, _reports, received, handled = (c.text() for c in row.css("td")[:4])
        shown[int(year)] = (_number(received), _number(handled))
    assert shown == expected


def test_not_held_ranking_equals_v_rates(demo_site, snapshot):
    rows = _tree(demo_site.parent / "trends.html").css("#not-held table.data tbody tr")
    assert rows, "the demo has agencies with enough requests"
    for row in rows:
        name, _years, not_held, handled, _share = (c.text() for c in row.css("td"))
        pooled = snapshot.execute(
            """
            SELECT sum(not_held), sum(handled) FROM v_rates
            WHERE agency_name = ? AND not_held IS NOT NULL AND handled IS NOT NULL""",
            [name],
        ).fetchone()
        assert (_number(not_held), _number(handled)) == pooled


def test_coverage_cells_carry_the_view_status(demo_site, snapshot):
    statuses = dict(
        ((agency, year), status)
        for agency, year, status in snapshot.execute(
            "SELECT agency_id, year, status FROM v_coverage"
        ).fetchall()
    )
    tree = _tree(demo_site)
    linked = 0
    for link in tree.css("table.heatmap td a"):
        agency_year = link.attributes["href"].removeprefix("reports/").removesuffix(".html")
        agency, year = agency_year.rsplit("-", 1)
        cell_class = link.parent.attributes["class"]
        assert cell_class == f"st-{statuses[(agency, int(year))]}"
        linked += 1
    unlinked = len(tree.css("table.heatmap td.st-missing, table.heatmap td.st-blocked"))
    unloaded = ("missing", "blocked")  # nothing loaded: no report page to link
    assert linked == sum(s not in unloaded for s in statuses.values())
    assert unlinked == sum(s in unloaded for s in statuses.values()) > 0


def test_walled_report_pages_are_blocked_cells_or_listed(demo_paths, demo_site, snapshot):
    """The mirror's anti-bot walls (its manifest says which report, source and year each
    hides) appear as blocked cells where the agency is on the map, else in the list below."""
    manifest = json.loads((demo_paths.root / "mirror" / "manifest.json").read_text("utf-8"))
    walled = [r for r in manifest["reports"] if r["expected_outcome"] == "blocked"]
    assert walled
    agencies = dict(
        snapshot.execute(
            "SELECT source_key, agency_id FROM dim_agency WHERE source_key IS NOT NULL"
        ).fetchall()
    )
    tree = _tree(demo_site)
    blocked_cells = tree.css("table.heatmap td.st-blocked")
    listed = {a.attributes["href"] for a in tree.css("#walls a")}
    on_map = 0
    for report in walled:
        if report["source"] in agencies:
            on_map += 1
            row = tree.css_first(f'tr[data-agency="{agencies[report["source"]]}"]')
            cell = row.css_first(f'td[data-year="{report["year"]}"]')
            assert cell.attributes["class"] == "st-blocked", report
        else:
            assert report["url"] in listed, report
    assert len(blocked_cells) == on_map
