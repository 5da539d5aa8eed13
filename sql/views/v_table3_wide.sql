-- View v_table3_wide. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows). The cells come from report_table3, which the
-- loader writes with the report's cells (migration 0008: one column per code of
-- dim_disposition in template order, checked by migrate()): pivoting ~26 cells per report out
-- of fact_application on every query cost 2.1-2.5 s at 1,000,000 reports.
CREATE OR REPLACE VIEW v_table3_wide AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
    t.* EXCLUDE (report_id, withheld, handled_adds_up)
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN report_table3 t USING (report_id)
WHERE r.is_current;
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';
