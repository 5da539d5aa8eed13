-- Which agencies grant the most? Granted and partially granted shares of requests handled,
-- per current agency-year with at least 10 requests handled (small counts make noisy
-- shares). Ties are ordered by name and year, so the order is the same on every run.
SELECT agency_name, year, handled,
       round(granted_share, 3) AS granted_share,
       round(partially_granted_share, 3) AS partially_granted_share,
       round(granted_share + partially_granted_share, 3) AS any_disclosure_share,
       handled_adds_up
FROM v_rates
WHERE handled >= 10
ORDER BY any_disclosure_share DESC NULLS LAST, handled DESC, agency_name, year;
