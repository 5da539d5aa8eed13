-- View v_table3_wide. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows). The columns are generated: migrate() fills
-- the table3_columns placeholder with one aggregate per code of dim_disposition, in template
-- order (warehouse.store.schema.GENERATED), so a new code cannot be forgotten here.
-- The cells are grouped by report_id alone and the names joined afterwards: grouping by the
-- agency name too made the hash aggregate carry strings for every one of the ~26 cells per
-- report (0.63 s of 1.35 s in not_held_trend over 200,000 reports; EXPLAIN ANALYZE).
CREATE OR REPLACE VIEW v_table3_wide AS
WITH cells AS (
    SELECT f.report_id,
    {table3_columns}
    FROM fact_application f
    WHERE f.applicant = 'total' AND f.report_id IN (SELECT report_id FROM report WHERE is_current)
    GROUP BY f.report_id)
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
    c.* EXCLUDE (report_id)
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN cells c USING (report_id)
WHERE r.is_current;
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';
