-- View v_table3_wide. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows). The columns are generated: the pivot runs
-- over the type disposition_column, built from dim_disposition (migration 0005), so every
-- row code is a column, in template order, and a new code cannot be forgotten here.
CREATE OR REPLACE VIEW v_table3_wide AS
SELECT * FROM (
    PIVOT (
        SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
               (enum_range(NULL::disposition_column))[enum_code(f.disposition) + 1]::disposition_column
                   AS row_code,
               f.value
        FROM report r
        JOIN dim_agency a USING (agency_id)
        LEFT JOIN fact_application f ON f.report_id = r.report_id AND f.applicant = 'total'
        WHERE r.is_current)
    ON row_code IN disposition_column
    USING max(value)
    GROUP BY report_id, agency_id, agency_name, year, template);
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';
