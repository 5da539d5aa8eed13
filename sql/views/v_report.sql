-- View v_report. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
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
