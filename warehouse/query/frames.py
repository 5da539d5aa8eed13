"""The analysts' Python API: the published snapshot's facts as typed pandas frames.

    from warehouse.query.frames import Snapshot
    with Snapshot() as snap:                       # data/ (or $OGI_DATA_DIR); read-only
        t3 = snap.table3(agency="思明区", years=range(2021, 2026))
        snap.trend("unavailable.not_held")         # one row per agency and year

Frames come typed as the parser makes them (`transform.frames`): codes as ordered categoricals
in template order, counts as nullable `Int64` (a blank cell is <NA>, never 0), so sorting,
grouping and pivoting behave as the report prints. Reads go to the published snapshot, so they
work while a run writes, and serve current reports only (the newest version of each agency-year),
like the `v_*` views they are built on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd
import pyarrow as pa

from core.paths import DataPaths
from transform.frames import CODE_DTYPES, EXTRACTION_DTYPE
from warehouse.store.db import connect_reader

Years = int | Iterable[int] | None
# Arrow → pandas: nullable dtypes, so a blank cell is <NA> and counts stay integers.
_NULLABLE = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.float32(): pd.Float32Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
    pa.string(): pd.StringDtype(),
    pa.large_string(): pd.StringDtype(),
}


class Snapshot:
    """A read-only connection to the published snapshot, with frame-returning queries."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.path = DataPaths.resolve(data_dir).published
        self.con: duckdb.DuckDBPyConnection = connect_reader(self.path)

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Any SQL on the snapshot, as a frame (code columns typed as in the facts)."""
        table = self.con.sql(query, params=params or None).to_arrow_table()
        return _typed(table.to_pandas(types_mapper=_NULLABLE.get))

    def agencies(self, name: str | None = None) -> pd.DataFrame:
        """Agencies (dim_agency), optionally those whose name contains `name`."""
        where, params = _agency_filter(name, column="name")
        return self.sql(f"SELECT * FROM dim_agency WHERE {where} ORDER BY agency_id", params)

    def table3(self, agency: str | None = None, years: Years = None) -> pd.DataFrame:
        """Table 3 cells (disposition × applicant) of current reports, long form."""
        return self._facts("v_application", agency, years, "disposition, applicant")

    def table4(self, agency: str | None = None, years: Years = None) -> pd.DataFrame:
        """Table 4 cells (proceeding × outcome) of current reports, long form."""
        return self._facts("v_review_litigation", agency, years, "proceeding, outcome")

    def table2(self, agency: str | None = None, years: Years = None) -> pd.DataFrame:
        """Table 2 cells (item × measure) of current reports, long form; money in yuan."""
        return self._facts("v_proactive", agency, years, "item, measure")

    def trend(self, disposition: str, agency: str | None = None, years: Years = None) -> pd.DataFrame:
        """One disposition's printed 总计 beside the report's （七）总计, per agency and year,
        with its share of requests handled (<NA> where either cell is blank)."""
        if disposition not in CODE_DTYPES["disposition"].categories:
            raise ValueError(f"unknown disposition code {disposition!r}; see dim_disposition")
        t3 = self.table3(agency, years)
        t3 = t3[t3["applicant"] == "total"]
        keys = ["agency_id", "agency_name", "year"]
        part = t3[t3["disposition"] == disposition].set_index(keys)["value"].rename(disposition)
        whole = t3[t3["disposition"] == "total_processed"].set_index(keys)["value"].rename("total_processed")
        out = pd.concat([part, whole], axis=1).reset_index()
        out["share"] = out[disposition].astype("Float64") / out["total_processed"].replace(0, pd.NA)
        return out.sort_values(keys, ignore_index=True)

    def _facts(self, view: str, agency: str | None, years: Years, order: str) -> pd.DataFrame:
        where, params = _agency_filter(agency, column="agency_name", id_column="agency_id")
        if years is not None:
            wanted = [years] if isinstance(years, int) else sorted(set(years))
            where += " AND year IN (SELECT unnest(?::INTEGER[]))"
            params.append(wanted)
        return self.sql(f"SELECT * FROM {view} WHERE {where} ORDER BY agency_id, year, {order}", params)


def _agency_filter(agency: str | None, column: str, id_column: str | None = None) -> tuple[str, list]:
    """An agency by id (exact) or by any part of its name."""
    if agency is None:
        return "TRUE", []
    if id_column:
        return f"({id_column} = ? OR {column} LIKE '%' || ? || '%')", [agency, agency]
    return f"{column} LIKE '%' || ? || '%'", [agency]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Code columns as ordered categoricals in template order (DuckDB's ENUMs arrive unordered)."""
    for name, dtype in CODE_DTYPES.items():
        if name in frame.columns:
            frame[name] = frame[name].astype("string").astype(dtype)
    if "extraction" in frame.columns:
        frame["extraction"] = frame["extraction"].astype("string").astype(EXTRACTION_DTYPE)
    return frame
