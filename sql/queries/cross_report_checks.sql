-- Do reports agree with each other and with their own metadata? Results of the cross rules
-- (上年结转 = last year's 结转下年度, the 现行有效件数 stock, covered year vs. title and
-- publish date) per current agency-year. The cross rules are picked on check_result's own
-- rule column, so its ~40 per-report results per report are dropped before any join.
SELECT r.agency_name, r.year, c.rule, c.status,
       count(*) AS results,
       string_agg(c.message, '; ' ORDER BY c.subject) FILTER (c.message IS NOT NULL) AS messages
FROM v_check_result c
JOIN v_report r USING (report_id)
WHERE c.rule IN (SELECT rule FROM dim_check_rule WHERE scope = 'cross')
GROUP BY ALL
ORDER BY r.agency_name, r.year, c.rule, c.status;
