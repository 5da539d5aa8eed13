-- Is "not held by this agency" (本机关不掌握相关政府信息) rising overall?
-- Pooled share per covered year: the sum of not-held answers over the sum of requests
-- handled, counting only agency-years where BOTH cells were printed (a blank is left out of
-- numerator and denominator alike, never read as 0).
SELECT year,
       count(*) AS agencies,
       sum(not_held) AS not_held,
       sum(handled) AS handled,
       round(share(sum(not_held), sum(handled)), 3) AS pooled_not_held_share,
       round(median(not_held_share), 3) AS median_agency_share
FROM v_rates
WHERE not_held IS NOT NULL AND handled IS NOT NULL
GROUP BY year
ORDER BY year;
