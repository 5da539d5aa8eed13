-- Where are reports missing, blocked, unparsed, or failing checks? Per agency (with its
-- district): the years in each status of v_coverage — the statuses the report site's coverage
-- map shows. Expected years come from the source registry, or span the agency's first report
-- to the latest year in the warehouse; blocked means an anti-bot wall answered the crawl.
SELECT district, agency_name,
       count(*) AS expected_years,
       count(*) FILTER (status IN ('ok', 'revised')) AS found,
       list(year ORDER BY year) FILTER (status = 'missing') AS missing,
       list(year ORDER BY year) FILTER (status = 'blocked') AS blocked,
       list(year ORDER BY year) FILTER (status = 'failed_to_parse') AS failed_to_parse,
       list(year ORDER BY year) FILTER (status = 'no_table') AS no_table,
       list(year ORDER BY year) FILTER (status = 'failed_checks') AS failed_checks
FROM v_coverage
GROUP BY district, agency_name
ORDER BY count(*) FILTER (status NOT IN ('ok', 'revised')) DESC, district, agency_name;
