-- View v_revisions. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_revisions AS
SELECT r.agency_id, a.name AS agency_name, r.year, r.report_id, r.is_current,
       r.published_date, r.fetched_at, r.source_url, r.content_sha256, r.title,
       count(*) OVER (PARTITION BY r.agency_id, r.year) AS versions
FROM report r
JOIN dim_agency a USING (agency_id)
QUALIFY count(*) OVER (PARTITION BY r.agency_id, r.year) > 1;
COMMENT ON VIEW v_revisions IS 'Agency-years published more than once (corrected re-publications), every version with its provenance.';
