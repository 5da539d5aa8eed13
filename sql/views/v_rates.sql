-- View v_rates. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- Shares of requests handled. The denominator is the printed （七）总计 of the 总计 column;
-- a share is NULL when its numerator or the denominator is blank, never a guess. withheld
-- is the sum of the eight 不予公开 reasons only when none of them is blank. All of it is read
-- from report_table3 (one row per report, written by the loader with its cells; migration
-- 0008), where withheld and handled_adds_up are kept beside the printed cells: pivoting and
-- summing fact_application here cost 2.1-2.5 s per query at 1,000,000 reports.
CREATE OR REPLACE VIEW v_rates AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, a.district, r.year, r.template,
       t.total_processed AS handled,
       t.granted, t.partially_granted,
       t.withheld,
       t.unavailable_not_held AS not_held,
       share(t.granted, t.total_processed) AS granted_share,
       share(t.partially_granted, t.total_processed) AS partially_granted_share,
       share(t.withheld, t.total_processed) AS withheld_share,
       share(t.unavailable_not_held, t.total_processed) AS not_held_share,
       t.handled_adds_up
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN report_table3 t USING (report_id)
WHERE r.is_current;
COMMENT ON VIEW v_rates IS 'Granted, withheld and not-held shares of requests handled per current agency-year (with its district); NULL where a needed cell is blank. handled_adds_up: the printed （七）总计 equals the sum of its rows (t3.total_processed).';
