-- View v_rates. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- Shares of requests handled. The denominator is the printed （七）总计 of the 总计 column;
-- a share is NULL when its numerator or the denominator is blank, never a guess. withheld
-- is the sum of the eight 不予公开 reasons only when none of them is blank. The reasons are
-- picked by their parent in dim_disposition, not by casting every code to text for a LIKE
-- (the cast took 0.46 s of a 1.35 s query over 200,000 reports).
CREATE OR REPLACE VIEW v_rates AS
WITH withheld AS (
    SELECT report_id, sum(value) AS withheld, count(*) FILTER (is_blank) AS blank_cells
    FROM fact_application
    WHERE applicant = 'total'
      AND disposition IN (SELECT code::disposition_code FROM dim_disposition WHERE parent_code = 'withheld')
    GROUP BY report_id),
consistency AS (
    SELECT report_id, bool_and(status = 'pass') AS handled_adds_up
    FROM check_result
    WHERE rule = 't3.total_processed' AND subject = 'total'
    GROUP BY report_id)
SELECT w.report_id, w.agency_id, w.agency_name, a.district, w.year, w.template,
       w.total_processed AS handled,
       w.granted, w.partially_granted,
       CASE WHEN h.blank_cells = 0 THEN h.withheld END AS withheld,
       w.unavailable_not_held AS not_held,
       share(w.granted, w.total_processed) AS granted_share,
       share(w.partially_granted, w.total_processed) AS partially_granted_share,
       share(CASE WHEN h.blank_cells = 0 THEN h.withheld END, w.total_processed) AS withheld_share,
       share(w.unavailable_not_held, w.total_processed) AS not_held_share,
       c.handled_adds_up
FROM v_table3_wide w
JOIN dim_agency a USING (agency_id)
LEFT JOIN withheld h USING (report_id)
LEFT JOIN consistency c USING (report_id);
COMMENT ON VIEW v_rates IS 'Granted, withheld and not-held shares of requests handled per current agency-year (with its district); NULL where a needed cell is blank. handled_adds_up: the printed （七）总计 equals the sum of its rows (t3.total_processed).';
