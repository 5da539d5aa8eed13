-- Which reports print tables that do not add up? Every failed identity of a current report
-- (per-report and cross-report rules), with the page to check it against.
SELECT r.agency_name, r.year, c.rule, c.subject, c.expected, c.actual, c.message,
       r.source_url
FROM v_check_result c
JOIN v_report r USING (report_id)
WHERE c.status = 'fail'
ORDER BY r.agency_name, r.year, c.rule, c.subject;
