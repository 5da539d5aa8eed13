-- How much licensing, penalty and coercion activity do agencies disclose? Decisions per
-- item and year (table 2, both templates), with the number of agencies printing the cell.
SELECT year, item,
       count(value) AS agencies,
       sum(value)::BIGINT AS decisions,
       median(value) AS median_per_agency
FROM v_proactive
WHERE measure = 'decisions'
GROUP BY year, item
ORDER BY year, item;
