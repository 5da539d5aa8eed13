"""All or nothing: every multi-statement write to the warehouse runs inside `transaction`.

A write that stages Arrow tables or pandas frames for SQL (`INSERT ... SELECT FROM stage_x`) registers them
through the `register` it is given, so they are unregistered however the block ends and never
leak into the next write on the same connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

Staged: TypeAlias = pa.Table | pd.DataFrame
Register = Callable[[str, Staged], str]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Register]:
    """Commit when the block succeeds, roll back (and re-raise) when it raises."""
    registered: list[str] = []

    def register(name: str, table: Staged) -> str:
        con.register(name, table)
        registered.append(name)
        return name

    con.execute("BEGIN TRANSACTION")
    try:
        yield register
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in registered:
            con.unregister(name)
