"""Dimension tables filled from `transform.codes`, the one place codes and labels are spelled.

Refreshed on every `migrate()`: a corrected label or a new code in `transform/codes.py` reaches
the warehouse without a migration, and the rows are rewritten only when they changed, so an
unchanged warehouse stays byte-for-byte the same.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from transform import codes
from warehouse.store.rules import CROSS_RULES, REPORT_RULES
from warehouse.store.transaction import transaction


def _disposition_rows() -> list[dict]:
    groups = codes.by_code(codes.DISPOSITION_GROUPS)
    rows: list[dict] = []
    placed: set[str] = set()

    def add(code: codes.Code, is_group: bool) -> None:
        rows.append(
            {
                "code": code.code,
                "label_zh": code.label_zh,
                "label_en": code.label_en,
                "parent_code": code.parent,
                "sort_order": len(rows) + 1,
                "templates": list(code.templates),
                "is_group": is_group,
                "is_total": code.code == "total_processed",
            }
        )

    for row in codes.DISPOSITIONS:
        # A heading sorts just before the first row under it, as the template prints it.
        heading = groups.get(row.parent) if row.parent else None
        if heading is not None and heading.code not in placed:
            placed.add(heading.code)
            add(heading, is_group=True)
        add(row, is_group=False)
    for heading in codes.DISPOSITION_GROUPS:  # headings without rows, should there be any
        if heading.code not in placed:
            add(heading, is_group=True)
    return rows


def _simple_rows(
    items: tuple[codes.Code, ...], *, templates: bool = False, total: bool = False, money: bool = False
) -> list[dict]:
    rows = []
    for position, code in enumerate(items, start=1):
        row = {
            "code": code.code,
            "label_zh": code.label_zh,
            "label_en": code.label_en,
            "sort_order": position,
        }
        if templates:
            row["templates"] = list(code.templates)
        if total:
            row["is_total"] = code.code == "total"
        if money:
            row["is_money"] = code.code in codes.MONEY_MEASURES
        rows.append(row)
    return rows


def dimension_rows() -> dict[str, list[dict]]:
    """Every dimension table's rows, in the column order of the DDL."""
    return {
        "dim_disposition": _disposition_rows(),
        "dim_applicant": _simple_rows(codes.APPLICANTS, total=True),
        "dim_proceeding": _simple_rows(codes.PROCEEDINGS),
        "dim_outcome": _simple_rows(codes.OUTCOMES, total=True),
        "dim_proactive_item": _simple_rows(codes.PROACTIVE_ITEMS, templates=True),
        "dim_proactive_measure": _simple_rows(codes.PROACTIVE_MEASURES, templates=True, money=True),
        "dim_check_rule": (
            [{"rule": r, "scope": "report", "description": d} for r, d in REPORT_RULES.items()]
            + [{"rule": r, "scope": "cross", "description": d} for r, d in CROSS_RULES.items()]
        ),
    }


def _as_tuples(rows: list[dict]) -> list[tuple]:
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row.values()) for row in rows]


def refresh_dimensions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rewrite the dimension tables whose rows differ from the codes; returns their names."""
    changed = []
    for table, rows in dimension_rows().items():
        columns = list(rows[0])
        key = columns[0]
        current = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}").fetchall()
        wanted = sorted(_as_tuples(rows), key=lambda r: r[0])
        current = [tuple(tuple(v) if isinstance(v, list) else v for v in r) for r in current]
        if current == wanted:
            continue
        with transaction(con) as register:
            register("dimension_stage", pa.Table.from_pylist(rows))
            con.execute(f"DELETE FROM {table}")
            con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM dimension_stage"
            )
        changed.append(table)
    return changed
