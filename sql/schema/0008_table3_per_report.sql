-- Migration 0008: table 3's 总计 column kept per report, so analysts' queries read 1 row per
-- report instead of pivoting ~26 cells of fact_application each time.
--
-- v_table3_wide and v_rates pivoted fact_application's total column on every query: at
-- 1,000,000 reports (26 M cells) busiest_agencies, not_held_trend and grant_rate_ranking took
-- 2.1-2.5 s (December 3, loaded machine). The loader writes this table in the same transaction
-- as the report's cells, from the same staged rows (warehouse.store.table3_summary), and
-- deletes it with them (a re-derived report's row is replaced); one row per loaded report, NULL
-- where the cell is blank or not in the layout, exactly what the pivot gave. Values are copied,
-- never recomputed: `withheld` is the sum the views always derived (the eight 不予公开 reasons
-- when none is blank) and `handled_adds_up` the parser's own t3.total_processed result.
-- migrate() refuses to run when dim_disposition has a code this table has no column for.
-- No foreign key to report_key, unlike the record tables: this table is derived, written and
-- deleted only with its report's rows, and the key's index cost ~110 bytes per report (one
-- random 53-bit id per row), a third of the 3 KB per report budget's remaining room.

CREATE TABLE report_table3 (
    report_id                             BIGINT NOT NULL,
    new_received                          BIGINT,
    carried_over                          BIGINT,
    granted                               BIGINT,
    partially_granted                     BIGINT,
    withheld_state_secret                 BIGINT,
    withheld_prohibited_by_law            BIGINT,
    withheld_security_stability           BIGINT,
    withheld_third_party_rights           BIGINT,
    withheld_internal_affairs             BIGINT,
    withheld_process_information          BIGINT,
    withheld_enforcement_case_file        BIGINT,
    withheld_administrative_query         BIGINT,
    unavailable_not_held                  BIGINT,
    unavailable_needs_creation            BIGINT,
    unavailable_unclear_after_correction  BIGINT,
    not_processed_petition_complaint      BIGINT,
    not_processed_repeated                BIGINT,
    not_processed_publication             BIGINT,
    not_processed_excessive               BIGINT,
    not_processed_confirm_or_reissue      BIGINT,
    other                                 BIGINT,
    other_no_correction                   BIGINT,
    other_unpaid_fee                      BIGINT,
    other_other                           BIGINT,
    total_processed                       BIGINT,
    carried_forward                       BIGINT,
    withheld                              BIGINT,
    handled_adds_up                       BOOLEAN
);

-- Reports loaded before this migration: the same derivation, from their stored rows.
INSERT INTO report_table3
WITH cells AS (
    SELECT f.report_id,
       max(f.value) FILTER (f.disposition = 'new_received'),
       max(f.value) FILTER (f.disposition = 'carried_over'),
       max(f.value) FILTER (f.disposition = 'granted'),
       max(f.value) FILTER (f.disposition = 'partially_granted'),
       max(f.value) FILTER (f.disposition = 'withheld.state_secret'),
       max(f.value) FILTER (f.disposition = 'withheld.prohibited_by_law'),
       max(f.value) FILTER (f.disposition = 'withheld.security_stability'),
       max(f.value) FILTER (f.disposition = 'withheld.third_party_rights'),
       max(f.value) FILTER (f.disposition = 'withheld.internal_affairs'),
       max(f.value) FILTER (f.disposition = 'withheld.process_information'),
       max(f.value) FILTER (f.disposition = 'withheld.enforcement_case_file'),
       max(f.value) FILTER (f.disposition = 'withheld.administrative_query'),
       max(f.value) FILTER (f.disposition = 'unavailable.not_held'),
       max(f.value) FILTER (f.disposition = 'unavailable.needs_creation'),
       max(f.value) FILTER (f.disposition = 'unavailable.unclear_after_correction'),
       max(f.value) FILTER (f.disposition = 'not_processed.petition_complaint'),
       max(f.value) FILTER (f.disposition = 'not_processed.repeated'),
       max(f.value) FILTER (f.disposition = 'not_processed.publication'),
       max(f.value) FILTER (f.disposition = 'not_processed.excessive'),
       max(f.value) FILTER (f.disposition = 'not_processed.confirm_or_reissue'),
       max(f.value) FILTER (f.disposition = 'other'),
       max(f.value) FILTER (f.disposition = 'other.no_correction'),
       max(f.value) FILTER (f.disposition = 'other.unpaid_fee'),
       max(f.value) FILTER (f.disposition = 'other.other'),
       max(f.value) FILTER (f.disposition = 'total_processed'),
       max(f.value) FILTER (f.disposition = 'carried_forward'),
       CASE WHEN count(*) FILTER (d.parent_code = 'withheld') > 0
                 AND count(*) FILTER (d.parent_code = 'withheld' AND f.is_blank) = 0
            THEN sum(f.value) FILTER (d.parent_code = 'withheld') END
    FROM fact_application f
    JOIN dim_disposition d ON d.code = f.disposition::VARCHAR
    WHERE f.applicant = 'total'
    GROUP BY f.report_id),
consistency AS (
    SELECT report_id, bool_and(status = 'pass') AS handled_adds_up
    FROM check_result
    WHERE rule = 't3.total_processed' AND subject = 'total'
    GROUP BY report_id)
SELECT r.report_id, c.* EXCLUDE (report_id), k.handled_adds_up
FROM report r
LEFT JOIN cells c USING (report_id)
LEFT JOIN consistency k USING (report_id)
ORDER BY r.report_id;

COMMENT ON TABLE report_table3 IS 'Table 3''s printed 总计 column, one row per report (every loaded report, current or not), one column per row code (dots become underscores), written by the loader with the report''s cells. What v_table3_wide and v_rates read; fact_application stays the record.';
COMMENT ON COLUMN report_table3.report_id IS 'The report (report.report_id); join report for is_current, agency and year.';
COMMENT ON COLUMN report_table3.new_received IS 'The printed 总计 cell of row new_received (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.carried_over IS 'The printed 总计 cell of row carried_over (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.granted IS 'The printed 总计 cell of row granted (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.partially_granted IS 'The printed 总计 cell of row partially_granted (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_state_secret IS 'The printed 总计 cell of row withheld.state_secret (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_prohibited_by_law IS 'The printed 总计 cell of row withheld.prohibited_by_law (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_security_stability IS 'The printed 总计 cell of row withheld.security_stability (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_third_party_rights IS 'The printed 总计 cell of row withheld.third_party_rights (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_internal_affairs IS 'The printed 总计 cell of row withheld.internal_affairs (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_process_information IS 'The printed 总计 cell of row withheld.process_information (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_enforcement_case_file IS 'The printed 总计 cell of row withheld.enforcement_case_file (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld_administrative_query IS 'The printed 总计 cell of row withheld.administrative_query (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.unavailable_not_held IS 'The printed 总计 cell of row unavailable.not_held (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.unavailable_needs_creation IS 'The printed 总计 cell of row unavailable.needs_creation (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.unavailable_unclear_after_correction IS 'The printed 总计 cell of row unavailable.unclear_after_correction (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.not_processed_petition_complaint IS 'The printed 总计 cell of row not_processed.petition_complaint (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.not_processed_repeated IS 'The printed 总计 cell of row not_processed.repeated (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.not_processed_publication IS 'The printed 总计 cell of row not_processed.publication (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.not_processed_excessive IS 'The printed 总计 cell of row not_processed.excessive (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.not_processed_confirm_or_reissue IS 'The printed 总计 cell of row not_processed.confirm_or_reissue (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.other IS 'The printed 总计 cell of row other (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.other_no_correction IS 'The printed 总计 cell of row other.no_correction (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.other_unpaid_fee IS 'The printed 总计 cell of row other.unpaid_fee (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.other_other IS 'The printed 总计 cell of row other.other (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.total_processed IS 'The printed 总计 cell of row total_processed (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.carried_forward IS 'The printed 总计 cell of row carried_forward (fact_application.value); NULL when blank or not in the report''s layout.';
COMMENT ON COLUMN report_table3.withheld IS 'Sum of the printed 总计 cells of the 不予公开 reasons (dim_disposition.parent_code = withheld) when at least one is printed and none is blank; NULL otherwise (never a guess).';
COMMENT ON COLUMN report_table3.handled_adds_up IS 'The parser''s check t3.total_processed for the 总计 column: true when the printed （七）总计 equals the sum of its rows, false when not, NULL when it was not evaluated.';
