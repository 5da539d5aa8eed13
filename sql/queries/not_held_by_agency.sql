-- Which agencies answer 本机关不掌握相关政府信息 (not held) most, and is it rising for them?
-- Share of requests handled that were answered "not held by this agency", per agency in its
-- latest year, with the change from its previous year (NULL when that year is missing or a
-- needed cell was blank). Only agencies that handled at least one request.
-- One window serves both the previous year and the latest one (no later row: an agency has
-- one current report per year), instead of a second sort for row_number() … DESC.
WITH rates AS (
    SELECT agency_id, agency_name, year, handled, not_held, not_held_share,
           lag(not_held_share) OVER w AS previous_share,
           lag(year) OVER w AS previous_year,
           lead(year) OVER w AS next_year
    FROM v_rates
    WHERE handled > 0
    WINDOW w AS (PARTITION BY agency_id ORDER BY year))
SELECT agency_name, year, handled, not_held,
       round(not_held_share, 3) AS not_held_share,
       CASE WHEN previous_year = year - 1
            THEN round(not_held_share - previous_share, 3) END AS change_from_last_year
FROM rates
WHERE next_year IS NULL
ORDER BY not_held_share DESC NULLS LAST, handled DESC, agency_name, year;
