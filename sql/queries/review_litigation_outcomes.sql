-- How often are agencies corrected in administrative reconsideration (行政复议) and
-- litigation (行政诉讼)? Per proceeding and year: closed cases (维持 + 纠正 + 其他, summed
-- from the parts because some reports print wrong totals), corrected, and the corrected
-- share of closed cases; agency rows with a blank part are left out.
WITH cells AS (
    SELECT year, proceeding, agency_id,
           max(value) FILTER (outcome = 'upheld') AS upheld,
           max(value) FILTER (outcome = 'corrected') AS corrected,
           max(value) FILTER (outcome = 'other') AS other,
           max(value) FILTER (outcome = 'pending') AS pending
    FROM v_review_litigation
    GROUP BY ALL)
SELECT year, proceeding,
       count(*) AS agencies,
       sum(upheld + corrected + other) AS closed,
       sum(corrected) AS corrected,
       sum(pending) AS pending,
       round(share(sum(corrected), sum(upheld + corrected + other)), 3)
           AS corrected_share_of_closed
FROM cells
WHERE upheld IS NOT NULL AND corrected IS NOT NULL AND other IS NOT NULL
      AND pending IS NOT NULL
GROUP BY year, proceeding
ORDER BY year, proceeding;
