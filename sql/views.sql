-- Views for analysts. Re-applied by warehouse.store.schema.migrate() on every writer connection
-- (CREATE OR REPLACE), so editing this file needs no migration.
--
-- v_* views serve CURRENT reports only (the newest report of each agency and year); query
-- the tables directly for revisions and history. Values are as printed: a blank cell is
-- NULL (is_blank), never 0, and printed totals are never recomputed.

CREATE OR REPLACE MACRO share(part, whole) AS part::DOUBLE / nullif(whole, 0);
COMMENT ON MACRO share IS 'part / whole as DOUBLE; NULL when whole is 0 or NULL (DuckDB 2.0 division by zero is an error otherwise).';

CREATE OR REPLACE VIEW v_report AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, a.resolution AS agency_resolution,
       r.year, r.template, r.title, r.parse_status, r.source_url, r.published_date,
       r.fetched_at, r.content_sha256, r.parser_version,
       l.origin, l.http_status, l.source_key
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN report_lineage l USING (report_id)
WHERE r.is_current;
COMMENT ON VIEW v_report IS 'Current reports (one per agency and year) with agency name and provenance.';

CREATE OR REPLACE VIEW v_application AS
SELECT f.report_id, f.agency_id, a.name AS agency_name, f.year, f.disposition,
       d.label_zh AS disposition_zh, d.parent_code AS disposition_parent, f.applicant,
       f.value, f.is_blank
FROM fact_application f
JOIN report r USING (report_id)
JOIN dim_agency a ON a.agency_id = f.agency_id
JOIN dim_disposition d ON d.code = f.disposition::VARCHAR
WHERE r.is_current;
COMMENT ON VIEW v_application IS 'Table 3 cells of current reports, with the agency name and the Chinese row label.';

CREATE OR REPLACE VIEW v_review_litigation AS
SELECT f.report_id, f.agency_id, a.name AS agency_name, f.year, f.proceeding, f.outcome,
       f.value, f.is_blank
FROM fact_review_litigation f
JOIN report r USING (report_id)
JOIN dim_agency a ON a.agency_id = f.agency_id
WHERE r.is_current;
COMMENT ON VIEW v_review_litigation IS 'Table 4 cells of current reports.';

CREATE OR REPLACE VIEW v_proactive AS
SELECT f.report_id, f.agency_id, a.name AS agency_name, f.year, r.template, f.item,
       f.measure, f.value, f.unit, f.raw_text
FROM fact_proactive f
JOIN report r USING (report_id)
JOIN dim_agency a ON a.agency_id = f.agency_id
WHERE r.is_current;
COMMENT ON VIEW v_proactive IS 'Table 2 cells of current reports (measures differ between the 2019 and 2021 templates).';

CREATE OR REPLACE VIEW v_check_result AS
SELECT c.report_id, r.agency_id, r.year, c.rule, k.scope, c.subject, c.status, c.expected,
       c.actual, c.message
FROM check_result c
JOIN report r USING (report_id)
LEFT JOIN dim_check_rule k USING (rule)
WHERE r.is_current;
COMMENT ON VIEW v_check_result IS 'Consistency-rule results of current reports.';

-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows).
CREATE OR REPLACE VIEW v_table3_wide AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
    max(f.value) FILTER (f.disposition = 'new_received') AS new_received,
    max(f.value) FILTER (f.disposition = 'carried_over') AS carried_over,
    max(f.value) FILTER (f.disposition = 'granted') AS granted,
    max(f.value) FILTER (f.disposition = 'partially_granted') AS partially_granted,
    max(f.value) FILTER (f.disposition = 'withheld.state_secret') AS withheld_state_secret,
    max(f.value) FILTER (f.disposition = 'withheld.prohibited_by_law') AS withheld_prohibited_by_law,
    max(f.value) FILTER (f.disposition = 'withheld.security_stability') AS withheld_security_stability,
    max(f.value) FILTER (f.disposition = 'withheld.third_party_rights') AS withheld_third_party_rights,
    max(f.value) FILTER (f.disposition = 'withheld.internal_affairs') AS withheld_internal_affairs,
    max(f.value) FILTER (f.disposition = 'withheld.process_information') AS withheld_process_information,
    max(f.value) FILTER (f.disposition = 'withheld.enforcement_case_file') AS withheld_enforcement_case_file,
    max(f.value) FILTER (f.disposition = 'withheld.administrative_query') AS withheld_administrative_query,
    max(f.value) FILTER (f.disposition = 'unavailable.not_held') AS unavailable_not_held,
    max(f.value) FILTER (f.disposition = 'unavailable.needs_creation') AS unavailable_needs_creation,
    max(f.value) FILTER (f.disposition = 'unavailable.unclear_after_correction') AS unavailable_unclear_after_correction,
    max(f.value) FILTER (f.disposition = 'not_processed.petition_complaint') AS not_processed_petition_complaint,
    max(f.value) FILTER (f.disposition = 'not_processed.repeated') AS not_processed_repeated,
    max(f.value) FILTER (f.disposition = 'not_processed.publication') AS not_processed_publication,
    max(f.value) FILTER (f.disposition = 'not_processed.excessive') AS not_processed_excessive,
    max(f.value) FILTER (f.disposition = 'not_processed.confirm_or_reissue') AS not_processed_confirm_or_reissue,
    max(f.value) FILTER (f.disposition = 'other') AS other,
    max(f.value) FILTER (f.disposition = 'other.no_correction') AS other_no_correction,
    max(f.value) FILTER (f.disposition = 'other.unpaid_fee') AS other_unpaid_fee,
    max(f.value) FILTER (f.disposition = 'other.other') AS other_other,
    max(f.value) FILTER (f.disposition = 'total_processed') AS total_processed,
    max(f.value) FILTER (f.disposition = 'carried_forward') AS carried_forward
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN fact_application f ON f.report_id = r.report_id AND f.applicant = 'total'
WHERE r.is_current
GROUP BY r.report_id, r.agency_id, a.name, r.year, r.template;
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';

-- Shares of requests handled. The denominator is the printed （七）总计 of the 总计 column;
-- a share is NULL when its numerator or the denominator is blank, never a guess. withheld
-- is the sum of the eight 不予公开 reasons only when none of them is blank.
CREATE OR REPLACE VIEW v_rates AS
WITH withheld AS (
    SELECT report_id, sum(value) AS withheld, count(*) FILTER (is_blank) AS blank_cells
    FROM fact_application
    WHERE applicant = 'total' AND disposition::VARCHAR LIKE 'withheld.%'
    GROUP BY report_id),
consistency AS (
    SELECT report_id, bool_and(status = 'pass') AS handled_adds_up
    FROM check_result
    WHERE rule = 't3.total_processed' AND subject = 'total'
    GROUP BY report_id)
SELECT w.report_id, w.agency_id, w.agency_name, w.year, w.template,
       w.total_processed AS handled,
       w.granted, w.partially_granted,
       CASE WHEN h.blank_cells = 0 THEN h.withheld END AS withheld,
       w.unavailable_not_held AS not_held,
       share(w.granted, w.total_processed) AS granted_share,
       share(w.partially_granted, w.total_processed) AS partially_granted_share,
       share(CASE WHEN h.blank_cells = 0 THEN h.withheld END, w.total_processed) AS withheld_share,
       share(w.unavailable_not_held, w.total_processed) AS not_held_share,
       c.handled_adds_up
FROM v_table3_wide w
LEFT JOIN withheld h USING (report_id)
LEFT JOIN consistency c USING (report_id);
COMMENT ON VIEW v_rates IS 'Granted, withheld and not-held shares of requests handled per current agency-year; NULL where a needed cell is blank. handled_adds_up: the printed （七）总计 equals the sum of its rows (t3.total_processed).';

-- Which agency-years exist, are missing, failed to parse, or failed checks. Expected years:
-- the source registry's years for registry agencies; otherwise every year from the agency's
-- first report to the latest year in the warehouse.
CREATE OR REPLACE VIEW v_coverage AS
WITH span AS (
    SELECT r.agency_id, unnest(generate_series(min(r.year), (SELECT max(year) FROM report)))
           AS year
    FROM report r
    WHERE r.agency_id NOT IN (SELECT agency_id FROM agency_expected_year)
    GROUP BY r.agency_id),
expected AS (
    SELECT agency_id, year::SMALLINT AS year FROM span
    UNION SELECT agency_id, year FROM agency_expected_year
    UNION SELECT agency_id, year FROM report),
reports AS (
    SELECT agency_id, year, count(*) AS reports FROM report GROUP BY ALL),
checks AS (
    SELECT report_id, count(*) FILTER (status = 'fail') AS checks_failed,
           count(*) FILTER (status = 'not_assessable') AS checks_not_assessable
    FROM check_result GROUP BY report_id)
SELECT e.agency_id, a.name AS agency_name, e.year,
       CASE WHEN r.report_id IS NULL THEN 'missing'
            WHEN r.parse_status = 'failed' THEN 'failed_to_parse'
            WHEN r.parse_status = 'no_table' THEN 'no_table'
            WHEN coalesce(c.checks_failed, 0) > 0 THEN 'failed_checks'
            ELSE 'ok' END AS status,
       r.report_id, coalesce(n.reports, 0) AS reports,
       coalesce(c.checks_failed, 0) AS checks_failed,
       coalesce(c.checks_not_assessable, 0) AS checks_not_assessable,
       r.parse_error, r.title, r.source_url
FROM expected e
JOIN dim_agency a USING (agency_id)
LEFT JOIN report r ON r.agency_id = e.agency_id AND r.year = e.year AND r.is_current
LEFT JOIN reports n ON n.agency_id = e.agency_id AND n.year = e.year
LEFT JOIN checks c ON c.report_id = r.report_id;
COMMENT ON VIEW v_coverage IS 'Every expected agency-year with its status: ok, failed_checks, no_table (no standard table found), failed_to_parse, or missing.';

CREATE OR REPLACE VIEW v_check_summary AS
SELECT c.rule, k.scope, k.description,
       count(DISTINCT c.report_id) AS reports,
       count(*) FILTER (c.status = 'pass') AS passed,
       count(*) FILTER (c.status = 'fail') AS failed,
       count(*) FILTER (c.status = 'not_assessable') AS not_assessable,
       count(DISTINCT c.report_id) FILTER (c.status = 'fail') AS reports_failing,
       share(count(*) FILTER (c.status = 'fail'),
             count(*) FILTER (c.status <> 'not_assessable')) AS fail_share
FROM check_result c
JOIN report r USING (report_id)
LEFT JOIN dim_check_rule k USING (rule)
WHERE r.is_current
GROUP BY ALL;
COMMENT ON VIEW v_check_summary IS 'Per rule, over current reports: how often it passed, failed, or could not be assessed.';

CREATE OR REPLACE VIEW v_revisions AS
SELECT r.agency_id, a.name AS agency_name, r.year, r.report_id, r.is_current,
       r.published_date, r.fetched_at, r.source_url, r.content_sha256, r.title,
       count(*) OVER (PARTITION BY r.agency_id, r.year) AS versions
FROM report r
JOIN dim_agency a USING (agency_id)
QUALIFY count(*) OVER (PARTITION BY r.agency_id, r.year) > 1;
COMMENT ON VIEW v_revisions IS 'Agency-years published more than once (corrected re-publications), every version with its provenance.';

CREATE OR REPLACE VIEW v_data_dictionary AS
WITH objects AS (
    SELECT table_name AS object_name, 'table' AS kind, comment FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main'
    UNION ALL
    SELECT view_name, 'view', comment FROM duckdb_views()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal)
SELECT o.kind, o.object_name, o.comment AS object_comment, c.column_index,
       c.column_name,
       -- code columns are ENUMs in the database and strings in Parquet and CSV
       CASE WHEN c.data_type LIKE 'ENUM(%' THEN 'VARCHAR' ELSE c.data_type END AS data_type,
       c.data_type LIKE 'ENUM(%' AS is_code,
       c.comment AS column_comment
FROM objects o
JOIN duckdb_columns() c
  ON c.table_name = o.object_name AND c.database_name = current_database()
 AND c.schema_name = 'main';
COMMENT ON VIEW v_data_dictionary IS 'Every table and view column with its type and description (the COMMENT ON texts); is_code marks code columns (ENUMs in the database, strings in exports).';
