-- View v_check_result. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_check_result AS
SELECT c.report_id, r.agency_id, r.year, c.rule, k.scope, c.subject, c.status, c.expected,
       c.actual, c.message
FROM check_result c
JOIN report r USING (report_id)
LEFT JOIN dim_check_rule k USING (rule)
WHERE r.is_current;
COMMENT ON VIEW v_check_result IS 'Consistency-rule results of current reports.';
