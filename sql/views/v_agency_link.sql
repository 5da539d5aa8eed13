-- View v_agency_link. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
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
