-- Which reports were re-published, and which version is current? Every report with how many
-- versions its agency-year has (all tables, not only current rows).
SELECT a.name AS agency_name, r.year, r.report_id, r.is_current,
       count(*) OVER (PARTITION BY r.agency_id, r.year) AS versions,
       r.published_date, r.fetched_at, r.parse_status, r.source_url
FROM report r
JOIN dim_agency a USING (agency_id)
ORDER BY versions DESC, a.name, r.year, r.is_current DESC, r.fetched_at;
