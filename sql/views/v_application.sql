-- View v_application. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
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
