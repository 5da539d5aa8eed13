-- View v_agency. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_agency AS
WITH covered AS (
    SELECT agency_id, list(DISTINCT year ORDER BY year) AS years, count(*) AS reports
    FROM report WHERE is_current GROUP BY agency_id),
printed AS (
    SELECT agency_id, list(DISTINCT agency_name_printed ORDER BY agency_name_printed)
               AS printed_names
    FROM report WHERE agency_name_printed IS NOT NULL GROUP BY agency_id),
aliases AS (
    SELECT agency_id, list(alias ORDER BY alias) AS aliases FROM agency_alias GROUP BY agency_id),
before AS (
    SELECT successor_id AS agency_id,
           list(predecessor_name || ' (' || year || ')' ORDER BY year, predecessor_name)
               AS predecessors
    FROM v_agency_link GROUP BY successor_id),
after AS (
    SELECT predecessor_id AS agency_id,
           list(successor_name || ' (' || year || ')' ORDER BY year, successor_name)
               AS successors
    FROM v_agency_link GROUP BY predecessor_id)
SELECT a.agency_id, a.name, a.level, a.region_code, a.province, a.city, a.district,
       a.parent_agency_id, p.name AS parent_name, a.resolution, a.source_key, a.site_url,
       coalesce(al.aliases, []) AS aliases, coalesce(pr.printed_names, []) AS printed_names,
       coalesce(c.years, []) AS years, coalesce(c.reports, 0) AS reports,
       coalesce(b.predecessors, []) AS predecessors, coalesce(f.successors, []) AS successors,
       h.series_id
FROM dim_agency a
LEFT JOIN dim_agency p ON p.agency_id = a.parent_agency_id
LEFT JOIN covered c ON c.agency_id = a.agency_id
LEFT JOIN printed pr ON pr.agency_id = a.agency_id
LEFT JOIN aliases al ON al.agency_id = a.agency_id
LEFT JOIN before b ON b.agency_id = a.agency_id
LEFT JOIN after f ON f.agency_id = a.agency_id
LEFT JOIN v_agency_series_head h ON h.agency_id = a.agency_id;
COMMENT ON VIEW v_agency IS 'Every agency with its parent''s name, declared aliases, the names its reports printed, the years its current reports cover, its predecessors and successors, and its continuity series.';
