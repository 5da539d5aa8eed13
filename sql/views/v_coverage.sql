-- View v_coverage. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- Every expected agency-year and what became of it, with the statuses the report site shows:
--   ok               the current report was found, parsed, and passes every check
--   revised          as ok, and the agency published more than one version
--   failed_checks    parsed, but at least one identity or cross-report check fails
--   no_table         found, but no standard table was recognised (e.g. a narrative report)
--   failed_to_parse  found, but the parser could not read it
--   blocked          nothing loaded, and the crawl's latest visit to its report page met an
--                    anti-bot wall (crawl_wall)
--   missing          expected, and nothing is in the warehouse
-- Expected years: the source registry's years for registry agencies; otherwise every year
-- from the agency's first report to the latest year in the warehouse.
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
    FROM check_result GROUP BY report_id),
walls AS (
    SELECT a.agency_id, w.year, min(w.reason) AS wall_reason, min(w.url) AS wall_url
    FROM crawl_wall w JOIN dim_agency a ON a.source_key = w.source_key
    WHERE w.year IS NOT NULL
    GROUP BY ALL)
SELECT e.agency_id, a.name AS agency_name, a.district, e.year,
       CASE WHEN r.report_id IS NULL AND w.agency_id IS NOT NULL THEN 'blocked'
            WHEN r.report_id IS NULL THEN 'missing'
            WHEN r.parse_status = 'failed' THEN 'failed_to_parse'
            WHEN r.parse_status = 'no_table' THEN 'no_table'
            WHEN coalesce(c.checks_failed, 0) > 0 THEN 'failed_checks'
            WHEN n.reports > 1 THEN 'revised'
            ELSE 'ok' END AS status,
       r.report_id, coalesce(n.reports, 0) AS reports,
       coalesce(c.checks_failed, 0) AS checks_failed,
       coalesce(c.checks_not_assessable, 0) AS checks_not_assessable,
       r.parse_error, r.title, r.source_url,
       CASE WHEN r.report_id IS NULL THEN w.wall_reason END AS wall_reason,
       CASE WHEN r.report_id IS NULL THEN w.wall_url END AS wall_url
FROM expected e
JOIN dim_agency a USING (agency_id)
LEFT JOIN report r ON r.agency_id = e.agency_id AND r.year = e.year AND r.is_current
LEFT JOIN reports n ON n.agency_id = e.agency_id AND n.year = e.year
LEFT JOIN checks c ON c.report_id = r.report_id
LEFT JOIN walls w ON w.agency_id = e.agency_id AND w.year = e.year;
COMMENT ON VIEW v_coverage IS 'Every expected agency-year (with its district) and its status: ok, revised (ok, more than one version published), failed_checks, no_table (no standard table found), failed_to_parse, blocked (nothing loaded; the latest crawl met an anti-bot wall, see crawl_wall) or missing.';
