-- Do reports agree with each other and with their own metadata? Results of the cross rules
-- (上年结转 = last year's 结转下年度, the 现行有效件数 stock, covered year vs. title and
-- publish date) per current agency-year. The cross rules are picked on check_result's own
-- rule column, so its ~40 per-report results per report are dropped before any join. The
-- base tables are joined, not v_check_result and v_report: their LEFT JOINs (dim_check_rule
-- for the scope, report_lineage for provenance) are on primary keys, so dropping them
-- changes no row, and they cost a hash join over every result. The cross rules are cast to
-- the rule ENUM (not the column to text): comparing ENUMs lets the scan itself skip the other
-- rules' rows, where casting every rule to text cost 80 ms of 260 over 20,000 reports.
SELECT a.name AS agency_name, r.year, c.rule, c.status,
       count(*) AS results,
       string_agg(c.message, '; ' ORDER BY c.subject) FILTER (c.message IS NOT NULL) AS messages
FROM check_result c
JOIN report r USING (report_id)
JOIN dim_agency a USING (agency_id)
WHERE r.is_current AND c.rule IN (SELECT rule::check_rule_code FROM dim_check_rule WHERE scope = 'cross')
GROUP BY ALL
ORDER BY agency_name, r.year, c.rule, c.status;
