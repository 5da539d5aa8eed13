-- Which agencies receive the most requests? Top 20 by new requests in their latest year.
SELECT agency_name, year, new_received, total_processed AS handled
FROM v_table3_wide
WHERE new_received IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY agency_id ORDER BY year DESC) = 1
ORDER BY new_received DESC, agency_name
LIMIT 20;
