-- Which agencies answer 本机关不掌握相关政府信息 (not held) most, and is it rising for them?
-- Share of requests handled that were answered "not held by this agency", per agency in its
-- latest year, with the change from its previous year (NULL when that year is missing or a
-- needed cell was blank). Only agencies that handled at least one request.
WITH rates AS (
    SELECT agency_id, agency_name, year, handled, not_held, not_held_share,
           lag(not_held_share) OVER (PARTITION BY agency_id ORDER BY year) AS previous_share,
           lag(year) OVER (PARTITION BY agency_id ORDER BY year) AS previous_year
    FROM v_rates
    WHERE handled > 0)
SELECT agency_name, year, handled, not_held,
       round(not_held_share, 3) AS not_held_share,
       CASE WHEN previous_year = year - 1
            THEN round(not_held_share - previous_share, 3) END AS change_from_last_year
FROM rates
QUALIFY row_number() OVER (PARTITION BY agency_id ORDER BY year DESC) = 1
ORDER BY not_held_share DESC NULLS LAST, handled DESC;
