"""Arrow schemas of the rows the loader stages, matching `sql/schema` column types.

Explicit schemas keep a batch's types independent of its values (an all-NULL column is still
a DATE, not a NULL type), so every batch inserts the same way.
"""

from __future__ import annotations

import pyarrow as pa

REPORT_SCHEMA = pa.schema(
    [
        ("report_id", pa.int64()),
        ("agency_id", pa.string()),
        ("year", pa.int16()),
        ("template", pa.string()),
        ("title", pa.string()),
        ("source_url", pa.string()),
        ("published_date", pa.date32()),
        ("fetched_at", pa.timestamp("us")),
        ("content_sha256", pa.string()),
        ("parser_version", pa.string()),
        ("is_current", pa.bool_()),
        ("parse_status", pa.string()),
        ("parse_error", pa.string()),
        ("form", pa.string()),
        ("agency_name_printed", pa.string()),
        ("warnings", pa.list_(pa.string())),
        ("content_fingerprint", pa.string()),
        ("loaded_run_id", pa.int64()),
        ("extraction", pa.string()),
    ]
)

LINEAGE_SCHEMA = pa.schema(
    [
        ("report_id", pa.int64()),
        ("origin", pa.string()),
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("fetched_at", pa.timestamp("us")),
        ("http_status", pa.int32()),
        ("content_type", pa.string()),
        ("headers_json", pa.string()),
        ("content_sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("source_key", pa.string()),
        ("capture_role", pa.string()),
        ("parent_url", pa.string()),
        ("meta_json", pa.string()),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        ("run_id", pa.int64()),
        ("seq", pa.int64()),
        ("outcome", pa.string()),
        ("report_id", pa.int64()),
        ("agency_id", pa.string()),
        ("year", pa.int16()),
        ("source_url", pa.string()),
        ("content_sha256", pa.string()),
        ("fact_rows", pa.int64()),
        ("reason", pa.string()),
    ]
)

# Every table holding rows that belong to one report, children first (they reference it).
REPORT_TABLES = (
    "current_report",
    "fact_application",
    "fact_review_litigation",
    "fact_proactive",
    "check_result",
    "check_tally",
    "report_table3",
    "report_narrative",
    "report_lineage",
    "report",
)
