-- View v_review_litigation. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_review_litigation AS
SELECT f.report_id, f.agency_id, a.name AS agency_name, f.year, f.proceeding, f.outcome,
       f.value, f.is_blank
FROM fact_review_litigation f
JOIN report r USING (report_id)
JOIN dim_agency a ON a.agency_id = f.agency_id
WHERE r.is_current;
COMMENT ON VIEW v_review_litigation IS 'Table 4 cells of current reports.';
