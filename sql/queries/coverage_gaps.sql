-- Where are reports missing, unparsed, or failing checks? Per agency: the years in each
-- status (expected years come from the source registry, or span the agency's first report to
-- the latest year in the warehouse).
SELECT agency_name,
       count(*) AS expected_years,
       count(*) FILTER (status = 'ok') AS ok,
       list(year ORDER BY year) FILTER (status = 'missing') AS missing,
       list(year ORDER BY year) FILTER (status = 'failed_to_parse') AS failed_to_parse,
       list(year ORDER BY year) FILTER (status = 'no_table') AS no_table,
       list(year ORDER BY year) FILTER (status = 'failed_checks') AS failed_checks
FROM v_coverage
GROUP BY agency_name
ORDER BY count(*) FILTER (status <> 'ok') DESC, agency_name;
