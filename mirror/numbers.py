"""Seeded report numbers that satisfy the identities the parser checks (CONTRACT.md §2).

Per applicant column: 一 + 二 = 三(七) + 四, and (七) = the sum of the rows under 三; the 总计
column is the sum of the six applicant columns; each table-4 proceeding's 总计 is the sum of its
four outcomes. The values are returned in the CONTRACT §2 shape, so the manifest can state what
a correct parser must read; a cell printed blank (zero shown as nothing) is `None`.
"""

from __future__ import annotations

import random
from typing import Any

from transform.codes import APPLICANTS, DISPOSITIONS, OUTCOMES, PROCEEDINGS

APPLICANT_COLUMNS = tuple(c.code for c in APPLICANTS if c.code != "total")
LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:]
OUTCOME_CODES = tuple(c.code for c in OUTCOMES if c.code != "total")


def t3_rows(single_other: bool) -> list[str]:
    """Table-3 row codes in print order; `single_other` keeps one （六）其他处理 row."""
    rows = []
    for c in DISPOSITIONS:
        if single_other and c.code.startswith("other."):
            continue
        if not single_other and c.code == "other":
            continue
        rows.append(c.code)
    return rows


def outcome_rows(rows: list[str]) -> list[str]:
    return [
        r for r in rows if r not in ("new_received", "carried_over", "total_processed", "carried_forward")
    ]


# How often a handled request ends in each outcome row (weights, not probabilities).
_OUTCOME_WEIGHT = {
    "granted": 30,
    "partially_granted": 8,
    "unavailable.not_held": 10,
    "withheld.process_information": 2,
    "withheld.third_party_rights": 1,
    "not_processed.petition_complaint": 2,
    "not_processed.repeated": 1,
    "unavailable.unclear_after_correction": 1,
    "other": 2,
    "other.other": 2,
    "other.no_correction": 1,
}


def applications(
    rng: random.Random, single_other: bool, busy: int, carried_in: dict[str, int] | None = None
) -> dict[str, dict[str, int]]:
    """Table 3 as printed; `busy` scales the natural-person volume (districts get more);
    `carried_in` is last year's 结转下年度, which this year's 上年结转 repeats."""
    rows = t3_rows(single_other)
    handled = outcome_rows(rows)
    weights = [_OUTCOME_WEIGHT.get(r, 0.15) for r in handled]
    table: dict[str, dict[str, int]] = {r: {} for r in rows}
    for col in APPLICANT_COLUMNS:
        if col == "natural_person":
            new = rng.choice([0, rng.randint(1, 8), rng.randint(5, 20 * busy)])
        else:
            new = rng.randint(1, 4) if rng.random() < 0.25 else 0
        carried = rng.randint(0, 2) if new and rng.random() < 0.4 else 0
        if carried_in is not None:
            carried = carried_in.get(col) or 0
        forward = rng.randint(0, min(2, new + carried)) if rng.random() < 0.35 else 0
        done = {r: 0 for r in handled}
        for r in rng.choices(handled, weights=weights, k=new + carried - forward):
            done[r] += 1
        table["new_received"][col] = new
        table["carried_over"][col] = carried
        for r in handled:
            table[r][col] = done[r]
        table["total_processed"][col] = sum(done.values())
        table["carried_forward"][col] = forward
    for r in rows:
        table[r]["total"] = sum(table[r][c] for c in APPLICANT_COLUMNS)
    return table


def review_litigation(rng: random.Random) -> dict[str, dict[str, int]]:
    out = {}
    for p in PROCEEDINGS:
        cells = {o: (rng.randint(1, 3) if rng.random() < 0.15 else 0) for o in OUTCOME_CODES}
        cells["total"] = sum(cells.values())
        out[p.code] = cells
    return out


def _money_cents_of_wan(rng: random.Random, chance: float) -> int:
    """A 万元 amount as hundredths (printed 'k/100'); 0 most of the time."""
    return rng.randint(1, 9999) if rng.random() < chance else 0


def proactive(
    rng: random.Random, template: str, in_force_before: dict[str, int] | None = None
) -> dict[str, dict[str, Any]]:
    """Table 2. Money is recorded in yuan (CONTRACT §1): printed 万元 × 10,000.
    `in_force_before` is last year's 现行有效件数, which this year's stock moves on from."""
    small = lambda hi, p=0.5: rng.randint(1, hi) if rng.random() < p else 0  # noqa: E731
    out: dict[str, dict[str, Any]] = {}
    if template == "2021":
        for item in ("regulation", "normative_document"):
            issued = small(2, 0.1) if item == "regulation" else small(12)
            if in_force_before is not None and item in in_force_before:
                before = in_force_before[item]
                repealed = min(before, small(3, 0.2))
                out[item] = {"issued": issued, "repealed": repealed, "in_force": before + issued - repealed}
                continue
            out[item] = {"issued": issued, "repealed": small(3, 0.2), "in_force": issued + small(40, 0.6)}
        out["administrative_license"] = {"decisions": small(3000, 0.5)}
        out["administrative_penalty"] = {"decisions": small(400, 0.4)}
        out["administrative_coercion"] = {"decisions": small(30, 0.2)}
        out["administrative_fee"] = {"fee_amount_yuan": _money_cents_of_wan(rng, 0.2) * 100}
        return out
    for item in ("regulation", "normative_document"):
        made = small(2, 0.1) if item == "regulation" else small(10)
        out[item] = {"new_made": made, "new_published": made, "total_published": made + small(30)}
    for item in (
        "administrative_license",
        "other_external_service",
        "administrative_penalty",
        "administrative_coercion",
    ):
        prior = small(60, 0.4)
        out[item] = {
            "prior_year_items": prior,
            "net_change": rng.randint(-min(prior, 3), 3) if prior else 0,
            "decisions": small(800, 0.4),
        }
    prior = small(10, 0.3)
    out["administrative_fee"] = {"prior_year_items": prior, "net_change": 0}
    items = small(12, 0.5)
    out["centralized_procurement"] = {
        "procurement_items": items,
        "procurement_amount_yuan": _money_cents_of_wan(rng, 1.0) * 100 if items else 0,
    }
    return out


def blank_zeros(apps: dict[str, dict[str, int]]) -> dict[str, dict[str, int | None]]:
    """The printed-blank variant: zero legal-person cells are left empty (value None)."""
    return {
        row: {c: (None if c in LEGAL_PERSON_COLUMNS and v == 0 else v) for c, v in cells.items()}
        for row, cells in apps.items()
    }


def generate(
    seed_key: str,
    template: str,
    *,
    single_other: bool,
    blank: bool,
    busy: int = 1,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """All three tables for one report, from a string key (stable across Python runs).

    With `previous` (the same agency's report for the year before), the numbers continue it:
    上年结转 repeats last year's 结转下年度 and the stock of documents in force moves on from
    last year's, as consistent real reports do (the cross-report checks test exactly this).
    """
    rng = random.Random(seed_key)
    carried_in = in_force_before = None
    if previous is not None:
        carried_in = {c: v or 0 for c, v in previous["applications"]["carried_forward"].items()}
        in_force_before = {
            item: cells["in_force"] for item, cells in previous["proactive"].items() if "in_force" in cells
        }
    apps = applications(rng, single_other, busy, carried_in)
    return {
        "applications": blank_zeros(apps) if blank else apps,
        "review_litigation": review_litigation(rng),
        "proactive": proactive(rng, template, in_force_before),
    }
