-- View v_table3_series. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_table3_series AS
SELECT h.series_id, s.name AS series_name, w.*
FROM v_table3_wide w
JOIN v_agency_series_head h USING (agency_id)
JOIN dim_agency s ON s.agency_id = h.series_id;
COMMENT ON VIEW v_table3_series IS 'v_table3_wide with the continuity series of each agency (see v_agency_series): follow a bureau''s table 3 across its rename.';
