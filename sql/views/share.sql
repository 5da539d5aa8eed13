-- Macro share. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
CREATE OR REPLACE MACRO share(part, whole) AS part::DOUBLE / nullif(whole, 0);
COMMENT ON MACRO share IS 'part / whole as DOUBLE; NULL when whole is 0 or NULL (DuckDB 2.0 division by zero is an error otherwise).';
