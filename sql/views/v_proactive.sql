-- View v_proactive. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_proactive AS
SELECT f.report_id, f.agency_id, a.name AS agency_name, f.year, r.template, f.item,
       f.measure, f.value, f.unit, f.raw_text
FROM fact_proactive f
JOIN report r USING (report_id)
JOIN dim_agency a ON a.agency_id = f.agency_id
WHERE r.is_current;
COMMENT ON VIEW v_proactive IS 'Table 2 cells of current reports (measures differ between the 2019 and 2021 templates).';
