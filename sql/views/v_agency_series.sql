-- View v_agency_series. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- Renamed agencies keep their own agency_id (old and new rows stay distinguishable);
-- v_agency_series gives each report a series_id that continues across a one-to-one rename,
-- and only where the reports agree that the old agency stopped and the new one started:
-- a series never holds two agencies that both still publish.
CREATE OR REPLACE VIEW v_agency_series AS
SELECT h.series_id, s.name AS series_name, r.year, r.agency_id, a.name AS agency_name,
       r.agency_id <> h.series_id AS under_former_name, r.report_id, r.template,
       r.parse_status
FROM report r
JOIN v_agency_series_head h USING (agency_id)
JOIN dim_agency a ON a.agency_id = r.agency_id
JOIN dim_agency s ON s.agency_id = h.series_id
WHERE r.is_current;
COMMENT ON VIEW v_agency_series IS 'Current reports as continuous series: series_id is the latest agency of a chain of one-to-one renames, so a renamed bureau''s years line up under one id while agency_id (and under_former_name) still tell old and new apart.';
