-- How many information requests do agencies receive and handle each year?
-- Totals of the printed 总计 column over current reports; agencies_reporting counts the
-- agency-years that printed the new-requests cell.
SELECT year,
       count(new_received) AS agencies_reporting,
       sum(new_received) AS new_received,
       sum(carried_over) AS carried_over,
       sum(total_processed) AS handled,
       sum(carried_forward) AS carried_forward
FROM v_table3_wide
GROUP BY year
ORDER BY year;
