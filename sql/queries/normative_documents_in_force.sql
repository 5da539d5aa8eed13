-- How many normative documents (规范性文件) and regulations (规章) are in force, and how fast
-- are they issued and repealed? 2021-template table 2, per current agency-year.
SELECT agency_name, year, item,
       max(value) FILTER (measure = 'issued') AS issued,
       max(value) FILTER (measure = 'repealed') AS repealed,
       max(value) FILTER (measure = 'in_force') AS in_force
FROM v_proactive
WHERE template = '2021' AND item IN ('regulation', 'normative_document')
GROUP BY ALL
ORDER BY agency_name, year, item;
