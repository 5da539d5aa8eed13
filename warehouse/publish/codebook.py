"""The codebook shipped with every export: every column and every code, for humans and tools.

Built from the database itself (the COMMENT ON texts via `v_data_dictionary`, the dimension
tables), so it always describes exactly what was exported. `codebook.json` is for tools,
`codebook.md` for people; both are deterministic, so an unchanged warehouse gives
byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb

# Exported type → the dtype `pd.read_parquet(path, dtype_backend="numpy_nullable")` gives it.
PANDAS_DTYPES = {
    "BIGINT": "Int64",
    "INTEGER": "Int32",
    "SMALLINT": "Int16",
    "BOOLEAN": "boolean",
    "DOUBLE": "Float64",
    "FLOAT": "Float32",
    "VARCHAR": "string",
    "DATE": "object",  # datetime.date values
    "TIMESTAMP": "datetime64[us]",
    "VARCHAR[]": "object",  # lists of str
}
# A hive partition column comes from the directory names: pandas (pyarrow) reads it as a
# category of integers, whatever its type in the database.
PARTITION_DTYPE = "category"
READING = (
    'Read with `pd.read_parquet(path, dtype_backend="numpy_nullable")`: the `pandas` column '
    "gives the dtype each column then has (NA for NULL; code columns are strings). `year` of a "
    "partitioned table comes from the directory names as a category of integers: "
    '`df["year"] = df["year"].astype("Int16")` gives the database type.'
)

CODE_LISTS = {
    "disposition": ("dim_disposition", "sort_order"),
    "applicant": ("dim_applicant", "sort_order"),
    "proceeding": ("dim_proceeding", "sort_order"),
    "outcome": ("dim_outcome", "sort_order"),
    "proactive_item": ("dim_proactive_item", "sort_order"),
    "proactive_measure": ("dim_proactive_measure", "sort_order"),
}


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def build_codebook(con: duckdb.DuckDBPyConnection, tables: Sequence[str], partitioned: Sequence[str]) -> dict:
    """The codebook of the exported `tables` as a JSON-ready dict."""
    dictionary = _records(
        con,
        """
        SELECT object_name, object_comment, column_name, data_type, is_code, column_comment
        FROM v_data_dictionary WHERE kind = 'table' AND list_contains(?, object_name)
        ORDER BY object_name, column_index""",
        [list(tables)],
    )
    out_tables = []
    for name in tables:
        rows = [r for r in dictionary if r["object_name"] == name]
        out_tables.append(
            {
                "name": name,
                "description": rows[0]["object_comment"] if rows else None,
                "partitioned_by": "year" if name in partitioned else None,
                "columns": [
                    {
                        "name": r["column_name"],
                        "type": r["data_type"],
                        "pandas": PARTITION_DTYPE
                        if name in partitioned and r["column_name"] == "year"
                        else PANDAS_DTYPES.get(r["data_type"], "object"),
                        "is_code": r["is_code"],
                        "description": r["column_comment"],
                    }
                    for r in rows
                ],
            }
        )
    codes = {
        kind: _records(con, f"SELECT * FROM {table} ORDER BY {order}")
        for kind, (table, order) in CODE_LISTS.items()
    }
    rules = _records(con, "SELECT rule, scope, description FROM dim_check_rule ORDER BY rule")
    return {"reading": READING, "tables": out_tables, "codes": codes, "rules": rules}


def codebook_json(codebook: dict) -> str:
    return json.dumps(codebook, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return str(value).replace("|", "\\|").replace("\n", " ")


def codebook_markdown(codebook: dict) -> str:
    lines = [
        "# Codebook",
        "",
        "Every table of this export, every column, and every code with its Chinese label "
        "as the State Council templates print it. Values are as printed in the reports: "
        "a blank cell is empty (is_blank = true), never 0; printed totals are never "
        "recomputed. `report.is_current` marks the newest report of each agency and year.",
        "",
        codebook["reading"],
        "",
    ]
    for table in codebook["tables"]:
        lines += [f"## {table['name']}", "", table["description"] or "", ""]
        if table["partitioned_by"]:
            lines += [
                f"Stored as `{table['name']}/year=YYYY/data_0.parquet`, partitioned by "
                "covered year: `year` is in the directory name, and parquet readers "
                "given the directory (pandas, pyarrow, R arrow, DuckDB with "
                "`hive_partitioning`) return it as a column.",
                "",
            ]
        lines += ["| column | type | pandas | description |", "|---|---|---|---|"]
        lines += [
            f"| `{c['name']}` | {c['type']}{' (code)' if c['is_code'] else ''} | {c['pandas']} "
            f"| {_cell(c['description'])} |"
            for c in table["columns"]
        ]
        lines.append("")
    lines += ["## Codes", ""]
    for kind, rows in codebook["codes"].items():
        lines += [f"### {kind}", "", "| code | 中文 | English | templates |", "|---|---|---|---|"]
        lines += [
            f"| `{r['code']}` | {_cell(r['label_zh'])} | {_cell(r['label_en'])} | "
            f"{_cell(r.get('templates', ['2019', '2021']))} |"
            for r in rows
        ]
        lines.append("")
    lines += ["## Consistency rules", "", "| rule | scope | what it asserts |", "|---|---|---|"]
    lines += [f"| `{r['rule']}` | {r['scope']} | {_cell(r['description'])} |" for r in codebook["rules"]]
    return "\n".join(lines) + "\n"
