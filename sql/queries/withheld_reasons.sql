-- Why are requests withheld (不予公开)? Requests per reason and year, all agencies, from
-- the printed 总计 column; blank cells are left out and counted separately.
SELECT a.year, a.disposition, a.disposition_zh,
       sum(a.value) AS requests,
       count(*) FILTER (a.is_blank) AS blank_cells,
       count(DISTINCT a.agency_id) AS agencies
FROM v_application a
WHERE a.disposition_parent = 'withheld' AND a.applicant = 'total'
GROUP BY ALL
ORDER BY a.year, a.disposition;
