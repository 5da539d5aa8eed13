-- Migration 0009: check results counted per report, rule and status, so the per-rule tallies
-- analysts ask for read a few rows per report instead of all ~43.
--
-- failing_checks_by_rule counted check_result's rows of current reports on every query: at
-- 1,000,000 reports (43 M results) that took 2.6 s (December 3, loaded machine). The loader
-- writes a report's tallies in the same transaction as its results (warehouse.store.tally),
-- from the same staged rows, and deletes them with them; run_cross_checks replaces the cross
-- rules' tallies when it replaces their results, in the same transaction. check_result stays
-- the record (subjects, expected and actual values, messages). No foreign key to report_key,
-- like report_table3 (migration 0007): derived rows, written and deleted with their report's;
-- the key's index would cost ~50 bytes per report.

CREATE TABLE check_tally (
    report_id BIGINT NOT NULL,
    rule      check_rule_code NOT NULL,
    status    check_status NOT NULL,
    results   INTEGER NOT NULL CHECK (results > 0)
);

-- Results stored before this migration, counted the same way.
INSERT INTO check_tally
SELECT report_id, rule, status, count(*)
FROM check_result
GROUP BY ALL
ORDER BY ALL;

COMMENT ON TABLE check_tally IS 'How many results of each rule had each status, per report (every loaded report, current or not; cross rules as of the last run_cross_checks). Counts check_result, which it is written with; what failing_checks_by_rule reads.';
COMMENT ON COLUMN check_tally.report_id IS 'The report (report.report_id); join report for is_current.';
COMMENT ON COLUMN check_tally.rule IS 'Rule code (dim_check_rule.rule).';
COMMENT ON COLUMN check_tally.status IS 'pass, fail or not_assessable.';
COMMENT ON COLUMN check_tally.results IS 'Rows of check_result with this report, rule and status (one per subject evaluated).';
