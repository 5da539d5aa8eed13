-- View v_check_summary. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
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
