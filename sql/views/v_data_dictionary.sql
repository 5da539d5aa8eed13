-- View v_data_dictionary. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE VIEW v_data_dictionary AS
WITH objects AS (
    SELECT table_name AS object_name, 'table' AS kind, comment FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main'
    UNION ALL
    SELECT view_name, 'view', comment FROM duckdb_views()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal)
SELECT o.kind, o.object_name, o.comment AS object_comment, c.column_index,
       c.column_name,
       -- code columns are ENUMs in the database and strings in Parquet and CSV; JSON is
       -- exported as its text
       CASE WHEN c.data_type LIKE 'ENUM(%' OR c.data_type = 'JSON' THEN 'VARCHAR' ELSE c.data_type END
           AS data_type,
       c.data_type LIKE 'ENUM(%' AS is_code,
       c.comment AS column_comment
FROM objects o
JOIN duckdb_columns() c
  ON c.table_name = o.object_name AND c.database_name = current_database()
 AND c.schema_name = 'main';
COMMENT ON VIEW v_data_dictionary IS 'Every table and view column with its type and description (the COMMENT ON texts); is_code marks code columns (ENUMs in the database, strings in exports).';
