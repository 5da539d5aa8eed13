-- Agency views (issue 8): who is who across years. Applied after sql/views.sql on every writer
-- connection (CREATE OR REPLACE), so editing this file needs no migration.
--
-- Renamed agencies keep their own agency_id (old and new rows stay distinguishable);
-- v_agency_series gives each report a series_id that continues across a one-to-one rename,
-- and only where the reports agree that the old agency stopped and the new one started:
-- a series never holds two agencies that both still publish.

CREATE OR REPLACE VIEW v_agency_link AS
WITH fanout AS (
    SELECT l.*,
           count(*) OVER (PARTITION BY l.predecessor_id) AS successors,
           count(*) OVER (PARTITION BY l.successor_id) AS predecessors
    FROM agency_link l),
span AS (
    SELECT agency_id, min(year) AS first_year, max(year) AS last_year
    FROM report WHERE is_current GROUP BY agency_id)
SELECT f.predecessor_id, p.name AS predecessor_name, f.successor_id, s.name AS successor_name,
       f.year, f.kind, f.note,
       CASE WHEN f.successors > 1 OR f.predecessors > 1 THEN NULL
            WHEN ps.last_year >= f.year THEN
                 'the old agency still reported for ' || ps.last_year
            WHEN ss.first_year < f.year THEN
                 'the new agency already reported for ' || ss.first_year
       END AS contradiction,
       f.successors = 1 AND f.predecessors = 1
           AND coalesce(ps.last_year < f.year, true)
           AND coalesce(ss.first_year >= f.year, true) AS continues_series,
       f.declared_in
FROM fanout f
JOIN dim_agency p ON p.agency_id = f.predecessor_id
JOIN dim_agency s ON s.agency_id = f.successor_id
LEFT JOIN span ps ON ps.agency_id = f.predecessor_id
LEFT JOIN span ss ON ss.agency_id = f.successor_id;
COMMENT ON VIEW v_agency_link IS 'Renames and mergers with their agencies'' names. continues_series: a one-to-one rename whose reports agree (the old agency stopped before the change year, the new one started at it); contradiction says which report disagrees. Mergers and splits never continue a series.';

-- The agency at the end of each agency's chain of continuing renames.
CREATE OR REPLACE VIEW v_agency_series_head AS
WITH RECURSIVE chain(agency_id, series_id, depth) AS (
    SELECT agency_id, agency_id, 0 FROM dim_agency
    UNION ALL
    SELECT c.agency_id, l.successor_id, c.depth + 1
    FROM chain c
    JOIN v_agency_link l ON l.predecessor_id = c.series_id AND l.continues_series
    WHERE c.depth < 100)
SELECT agency_id, arg_max(series_id, depth) AS series_id
FROM chain
GROUP BY agency_id;
COMMENT ON VIEW v_agency_series_head IS 'Each agency with the agency its series continues as (itself unless it was renamed one-to-one).';

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

CREATE OR REPLACE VIEW v_table3_series AS
SELECT h.series_id, s.name AS series_name, w.*
FROM v_table3_wide w
JOIN v_agency_series_head h USING (agency_id)
JOIN dim_agency s ON s.agency_id = h.series_id;
COMMENT ON VIEW v_table3_series IS 'v_table3_wide with the continuity series of each agency (see v_agency_series): follow a bureau''s table 3 across its rename.';

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
