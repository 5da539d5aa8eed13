"""Reports as third-party archives hold them, parsed back to their exact values.

Every archive form of `tests/parser/archive_forms.py` (page.txt one text run per line, one
line, glued, lynx/html2text/w3m habits, the saved page with its archiver block; a printed total
that does not add up; a table no reading can decide), made of mirror reports of a seed no rule
was tuned on (one per host: several agencies, both templates) and of the corpus page when the
shared corpus is there. The rules of the round trip:

- no value is ever wrong: a cell is read as printed, or not read at all;
- a cell not read is one a warning names (its row, and why);
- where the text keeps every cell (no blank cell lost its place), tables 3 and 4 are read in
  full; table 2 has no identity, so a digit run it cannot cut one way only stays unread;
- the archiver's block is metadata: agency and year from its title, source_url, the date it
  printed; no agency carries a header key.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from mirror.corpus import shared_corpus
from tests.parser.archive_forms import (
    TEXT_FORMS,
    Rendered,
    Source,
    corpus_source,
    has_blank_cells,
    mirror_sources,
    render,
)
from transform.parse import parse_bytes

HELD_OUT_SEED = 3  # rules were tuned on seed 0 and measured on seeds 1 and 2
# The shared corpus is third parties' material and is never committed (mirror.corpus finds it).
CORPUS = shared_corpus() or Path("../shared/corpus")
TABLES = ("applications", "review_litigation", "proactive")
KEYS = ("标题", "发布", "链接", "来源", "单位", "采集", ":", "：", "title", "url", "source")


@cache
def _sources() -> tuple[Source, ...]:
    return tuple(mirror_sources(HELD_OUT_SEED, per_host=1))


def _parse(rendered: Rendered, name: str) -> dict:
    return parse_bytes(rendered.data, name).to_contract()


def _cells(truth: dict, got: dict, skip_rows: tuple[str, ...] = ()):
    """(table, row, column, truth, got) for every cell the truth has."""
    for table in TABLES:
        for row, cols in (truth.get(table) or {}).items():
            if table == "applications" and row in skip_rows:
                continue
            for col, value in cols.items():
                yield table, row, col, value, (got.get(table) or {}).get(row, {}).get(col, "missing")


def _same(value, actual) -> bool:
    if value is None:
        return actual is None
    return actual not in (None, "missing") and abs(actual - value) < 0.005


def _accounted(table: str, row: str, warnings: list[str]) -> bool:
    """A warning says why this cell was not read."""
    if table == "applications":
        return any(w.startswith(f"table 3 row {row}:") or w.startswith("table 3:") for w in warnings)
    if table == "review_litigation":
        return any(w.startswith("table 4") for w in warnings)
    return any(w.startswith(f"table 2 {row}") for w in warnings)


def _check_round_trip(source: Source, rendered: Rendered, got: dict, skip_rows=()) -> list[str]:
    problems = []
    complete = not has_blank_cells(rendered.truth)
    for table, row, col, value, actual in _cells(rendered.truth, got, skip_rows):
        if actual == "missing":
            if not _accounted(table, row, got["warnings"]):
                problems.append(f"{table}.{row}.{col} unread and no warning says why")
            elif complete and table != "proactive":
                problems.append(f"{table}.{row}.{col} unread though the text keeps every cell")
        elif not _same(value, actual):
            problems.append(f"{table}.{row}.{col}: expected {value}, got {actual}")
    names = source.truth["agency"] if isinstance(source.truth["agency"], list) else [source.truth["agency"]]
    if got["agency"] not in names:
        problems.append(f"agency {got['agency']!r}, expected one of {names}")
    if got["year"] != source.truth["year"]:
        problems.append(f"year {got['year']}, expected {source.truth['year']}")
    if rendered.url and got.get("source_url") != rendered.url:
        problems.append(f"source_url {got.get('source_url')!r}, expected {rendered.url!r}")
    if rendered.header_date and got["published_date"] != rendered.header_date:
        problems.append(f"published_date {got['published_date']}, expected {rendered.header_date}")
    return problems


@pytest.mark.parametrize("form", ("page_html", *TEXT_FORMS))
def test_archive_form(form):
    failures = {}
    for source in _sources():
        rendered = render(form, source, 0)
        got = _parse(rendered, f"{source.name}/{form}")
        problems = _check_round_trip(source, rendered, got)
        if any(k in (got["agency"] or "").lower() for k in KEYS):
            problems.append(f"a header key in the agency {got['agency']!r}")
        if problems:
            failures[source.name] = problems[:6]
    assert not failures, failures


def test_the_forms_cover_both_templates_and_several_agencies():
    sources = _sources()
    assert len({s.truth["year"] >= 2021 for s in sources}) == 2
    assert len({s.url.split("/")[2] for s in sources}) >= 8
    assert any(has_blank_cells(s.truth) for s in sources) and not all(
        has_blank_cells(s.truth) for s in sources
    )


@pytest.mark.parametrize("form", ("nonadding_runs", "nonadding_glued"))
def test_a_total_that_does_not_add_up_is_kept_or_reported_never_repaired(form):
    for source in _sources():
        rendered = render(form, source, 0)
        got = _parse(rendered, f"{source.name}/{form}")
        printed = rendered.truth["applications"]["new_received"]
        read = got["applications"].get("new_received")
        if read is None:  # not read: a warning says no split adds up
            assert any(w.startswith("table 3 row new_received: no split") for w in got["warnings"]), (
                source.name
            )
        else:  # read as printed, and the check reports the row total
            assert all(read.get(c) == v for c, v in printed.items() if v is not None), source.name
            # fails, or (blank cells might hide the difference) cannot be assessed: never passes
            assert any(
                c["rule"] == "t3.row_total" and c["row"] == "new_received" and c["status"] != "pass"
                for c in got["checks"]
            ), source.name
        if form.endswith("glued"):
            assert read is None, source.name
        # the report's other rows and tables are kept
        problems = _check_round_trip(source, rendered, got, skip_rows=("new_received",))
        problems = [p for p in problems if not p.startswith("applications.") or "unread though" not in p]
        assert not problems, (source.name, problems[:6])


def test_a_row_no_identity_can_decide_is_reported_not_chosen():
    tried = 0
    for source in _sources():
        rendered = render("ambiguous_glued", source, 0)
        if rendered is None:
            continue  # a table with blank cells cannot be rewritten in place
        tried += 1
        got = _parse(rendered, f"{source.name}/ambiguous")
        for row in rendered.ambiguous:
            read = got["applications"][row]
            assert "natural_person" not in read and "commercial_enterprise" not in read, source.name
            assert read["total"] == 13 and read["research_institution"] == 0, source.name
            assert any(
                w.startswith(f"table 3 row {row}: the digits read 2 ways")
                and "1|12|0|0|0|0|13" in w
                and "11|2|0|0|0|0|13" in w
                for w in got["warnings"]
            ), source.name
        assert got["extraction"] == "segmented"
        assert not _check_round_trip(source, rendered, got, skip_rows=rendered.ambiguous), source.name
    assert tried >= 5


@pytest.mark.parametrize("form", ("page_html", *TEXT_FORMS))
def test_corpus_page_in_archive_forms(form):
    source = corpus_source(CORPUS)
    if source is None:
        pytest.skip(f"the shared corpus page is not at {CORPUS}")
    rendered = render(form, source, 0)
    got = _parse(rendered, f"corpus/{form}")
    assert not _check_round_trip(source, rendered, got)
    assert got["source_url"] == source.url


def test_glued_values_are_marked_segmented():
    source = next(s for s in _sources() if not has_blank_cells(s.truth))
    got = _parse(render("glued", source, 0), "glued")
    assert got["extraction"] == "segmented"
    marked = got["cell_extraction"]["applications"]
    assert all(note == {"method": "segmented"} for row in marked.values() for note in row.values())
    # a row of seven single digits needs no cutting by identities beyond the digits themselves,
    # but its cells were still cut out of one run: every glued row is marked
    assert set(marked) >= {"new_received", "total_processed"}
