-- View v_agency_series_head. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
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
