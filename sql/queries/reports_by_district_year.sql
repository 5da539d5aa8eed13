-- How many current reports does each district have, per covered year? (The demo prints this.)
PIVOT (
    SELECT coalesce(a.district, '(no district)') AS district, r.year
    FROM report r JOIN dim_agency a USING (agency_id)
    WHERE r.is_current AND r.year >= 2019
) ON year USING count(*) GROUP BY district ORDER BY district;
