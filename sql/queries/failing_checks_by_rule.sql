-- Which identities fail, and how often? Per rule, over current reports: failing, passing and
-- unverifiable (blank) evaluations.
SELECT rule,
       count(*) FILTER (status = 'fail') AS failing,
       count(*) FILTER (status = 'pass') AS passing,
       count(*) FILTER (status = 'not_assessable') AS not_assessable
FROM v_check_result
GROUP BY rule
ORDER BY failing DESC, rule;
