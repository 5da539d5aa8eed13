"""Synthetic reports in the real layouts, for benchmarks and scale tests (never loaded as data).

Each agency gets a run of consecutive years whose tables satisfy every identity the real
templates state: per applicant column 一 + 二 = （七）+ 四, （七） = the sum of the outcome rows,
the 总计 column = the sum of the six applicant columns, table 4 totals = the sum of the
outcomes, and across years 上年结转 = last year's 结转下年度 and the 现行有效件数 stock moves
by 制发 − 废止. Years before 2021 use the 2019 layout, later ones the 2021 layout. A
`fault_rate` share of reports gets one deliberate cross-year inconsistency, so checks have
something to find. Every cell carries its printed text, as the parser's facts do (a cell
printed as just its count is then stored with no raw_text, like a real report's).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.archive import Capture
from transform import codes
from transform.model import Check, Fact, ParseResult
from warehouse.store.prepare import LoadItem

APPLICANT_COLUMNS = tuple(c.code for c in codes.APPLICANTS if c.code != "total")
_WEIGHTS = (70, 12, 2, 2, 4, 10)  # natural persons file most requests
_OUTCOMES_2019 = tuple(c for c in codes.T3_OUTCOME_ROWS if not c.startswith("other."))
_OUTCOMES_2021 = tuple(c for c in codes.T3_OUTCOME_ROWS if c != "other")
_OUTCOME_WEIGHTS = {
    "granted": 30,
    "partially_granted": 8,
    "unavailable.not_held": 20,
    "not_processed.petition_complaint": 6,
    "other.other": 5,
    "other": 8,
}


def template_for(year: int) -> str:
    return "2019" if year < 2021 else "2021"


@dataclass
class _AgencyState:
    carried_forward: dict[str, int] = field(default_factory=dict)
    in_force: dict[str, int] = field(default_factory=dict)


def _split(rng: random.Random, total: int, rows: tuple[str, ...]) -> dict[str, int]:
    weights = [_OUTCOME_WEIGHTS.get(r, 1) for r in rows]
    out = dict.fromkeys(rows, 0)
    for row in rng.choices(rows, weights=weights, k=total):
        out[row] += 1
    return out


def _table3(rng: random.Random, state: _AgencyState, template: str, fault: bool) -> list[Fact]:
    rows = _OUTCOMES_2019 if template == "2019" else _OUTCOMES_2021
    cells: dict[str, dict[str, int]] = {}
    for col, weight in zip(APPLICANT_COLUMNS, _WEIGHTS, strict=True):
        new = rng.randint(0, weight * 3)
        carried_in = state.carried_forward.get(col, rng.randint(0, 2))
        if fault and col == "natural_person":
            carried_in += 1  # disagrees with last year's carried-forward count
        carried_out = rng.randint(0, min(3, new + carried_in))
        handled = new + carried_in - carried_out
        column = {
            "new_received": new,
            "carried_over": carried_in,
            **_split(rng, handled, rows),
            "total_processed": handled,
            "carried_forward": carried_out,
        }
        for row, value in column.items():
            cells.setdefault(row, {})[col] = value
        state.carried_forward[col] = carried_out
    facts = []
    for row, by_col in cells.items():
        for col in APPLICANT_COLUMNS:
            facts.append(Fact("applications", row, col, by_col[col], str(by_col[col])))
        total = sum(by_col.values())
        facts.append(Fact("applications", row, "total", total, str(total)))
    return facts


def _table4(rng: random.Random) -> list[Fact]:
    facts = []
    for proceeding in codes.PROCEEDINGS:
        parts = {o.code: rng.randint(0, 3) for o in codes.OUTCOMES if o.code != "total"}
        parts["total"] = sum(parts.values())
        facts += [Fact("review_litigation", proceeding.code, o, v, str(v)) for o, v in parts.items()]
    return facts


def _table2(rng: random.Random, state: _AgencyState, template: str) -> list[Fact]:
    def fact(item: str, measure: str, value: float) -> Fact:
        return Fact("proactive", item, measure, value, raw_text=f"{value:g}")

    if template == "2019":
        facts = [
            fact(item, m, rng.randint(0, 20))
            for item in ("regulation", "normative_document")
            for m in ("new_made", "new_published", "total_published")
        ]
        facts += [
            fact(item, "decisions", rng.randint(0, 500))
            for item in ("administrative_license", "administrative_penalty", "administrative_coercion")
        ]
        facts.append(
            fact("centralized_procurement", "procurement_amount_yuan", round(rng.uniform(0, 5e6), 2))
        )
        return facts
    facts = []
    for item in ("regulation", "normative_document"):
        before = state.in_force.get(item, rng.randint(0, 30))
        issued, repealed = rng.randint(0, 5), rng.randint(0, min(2, before))
        state.in_force[item] = before + issued - repealed
        facts += [
            fact(item, "issued", issued),
            fact(item, "repealed", repealed),
            fact(item, "in_force", state.in_force[item]),
        ]
    facts += [
        fact(item, "decisions", rng.randint(0, 500))
        for item in ("administrative_license", "administrative_penalty", "administrative_coercion")
    ]
    facts.append(fact("administrative_fee", "fee_amount_yuan", round(rng.uniform(0, 1e6), 2)))
    return facts


def _checks(facts: list[Fact]) -> list[Check]:
    """The parser's identity checks, all passing (the generator satisfies them by design)."""
    checks = [Check("t3.balance", c.code, "pass") for c in codes.APPLICANTS]
    checks += [Check("t3.total_processed", c.code, "pass") for c in codes.APPLICANTS]
    rows = sorted({f.row for f in facts if f.table == "applications"})
    checks += [Check("t3.row_total", row, "pass") for row in rows]
    checks += [Check("t4.total", p.code, "pass") for p in codes.PROCEEDINGS]
    return checks


def agency_name(index: int) -> str:
    return f"合成市第{index + 1}区人民政府"


def synthetic_items(
    agencies: int, years: range, seed: int = 0, fault_rate: float = 0.02
) -> Iterator[LoadItem]:
    """`agencies × len(years)` load items, agency by agency, year by year."""
    rng = random.Random(seed)
    for index in range(agencies):
        state = _AgencyState()
        name = agency_name(index)
        for year in years:
            template = template_for(year)
            fault = year != years.start and rng.random() < fault_rate
            facts = _table2(rng, state, template) + _table3(rng, state, template, fault) + _table4(rng)
            title = f"{name}{year}年政府信息公开工作年度报告"
            result = ParseResult(
                source=f"synthetic/{index}/{year}",
                form="html",
                agency=name,
                year=year,
                template=template,
                title=title,
                published_date=f"{year + 1}-01-{rng.randint(10, 31)}",
                facts=facts,
                checks=_checks(facts),
            )
            digest = hashlib.sha256(f"{seed}|{index}|{year}".encode()).hexdigest()
            url = f"https://synthetic.invalid/agency{index}/{year}.htm"
            capture = Capture(
                url=url,
                sha256=digest,
                size=40_000,
                fetched_at=f"{year + 1}-02-01T00:00:00+00:00",
                final_url=url,
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                role="detail",
                source="synthetic",
            )
            yield LoadItem(result=result, capture=capture)
