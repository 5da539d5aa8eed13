-- View v_table3_wide. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows). The columns are generated: migrate() fills
-- the table3_columns placeholder with one aggregate per code of dim_disposition, in template
-- order (warehouse.store.schema.GENERATED), so a new code cannot be forgotten here.
CREATE OR REPLACE VIEW v_table3_wide AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
    {table3_columns}
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN fact_application f ON f.report_id = r.report_id AND f.applicant = 'total'
WHERE r.is_current
GROUP BY r.report_id, r.agency_id, a.name, r.year, r.template;
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';
