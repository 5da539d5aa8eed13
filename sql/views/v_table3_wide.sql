-- View v_table3_wide. Re-applied on every writer connection (CREATE OR REPLACE), so
-- editing it needs no migration.
--
-- One row per current agency-year; one column per table-3 row, from the printed 总计
-- column. NULL means blank or not in the report's layout (2019 reports have `other`,
-- 2021 reports usually the three other_* rows).
CREATE OR REPLACE VIEW v_table3_wide AS
SELECT r.report_id, r.agency_id, a.name AS agency_name, r.year, r.template,
    max(f.value) FILTER (f.disposition = 'new_received') AS new_received,
    max(f.value) FILTER (f.disposition = 'carried_over') AS carried_over,
    max(f.value) FILTER (f.disposition = 'granted') AS granted,
    max(f.value) FILTER (f.disposition = 'partially_granted') AS partially_granted,
    max(f.value) FILTER (f.disposition = 'withheld.state_secret') AS withheld_state_secret,
    max(f.value) FILTER (f.disposition = 'withheld.prohibited_by_law') AS withheld_prohibited_by_law,
    max(f.value) FILTER (f.disposition = 'withheld.security_stability') AS withheld_security_stability,
    max(f.value) FILTER (f.disposition = 'withheld.third_party_rights') AS withheld_third_party_rights,
    max(f.value) FILTER (f.disposition = 'withheld.internal_affairs') AS withheld_internal_affairs,
    max(f.value) FILTER (f.disposition = 'withheld.process_information') AS withheld_process_information,
    max(f.value) FILTER (f.disposition = 'withheld.enforcement_case_file') AS withheld_enforcement_case_file,
    max(f.value) FILTER (f.disposition = 'withheld.administrative_query') AS withheld_administrative_query,
    max(f.value) FILTER (f.disposition = 'unavailable.not_held') AS unavailable_not_held,
    max(f.value) FILTER (f.disposition = 'unavailable.needs_creation') AS unavailable_needs_creation,
    max(f.value) FILTER (f.disposition = 'unavailable.unclear_after_correction') AS unavailable_unclear_after_correction,
    max(f.value) FILTER (f.disposition = 'not_processed.petition_complaint') AS not_processed_petition_complaint,
    max(f.value) FILTER (f.disposition = 'not_processed.repeated') AS not_processed_repeated,
    max(f.value) FILTER (f.disposition = 'not_processed.publication') AS not_processed_publication,
    max(f.value) FILTER (f.disposition = 'not_processed.excessive') AS not_processed_excessive,
    max(f.value) FILTER (f.disposition = 'not_processed.confirm_or_reissue') AS not_processed_confirm_or_reissue,
    max(f.value) FILTER (f.disposition = 'other') AS other,
    max(f.value) FILTER (f.disposition = 'other.no_correction') AS other_no_correction,
    max(f.value) FILTER (f.disposition = 'other.unpaid_fee') AS other_unpaid_fee,
    max(f.value) FILTER (f.disposition = 'other.other') AS other_other,
    max(f.value) FILTER (f.disposition = 'total_processed') AS total_processed,
    max(f.value) FILTER (f.disposition = 'carried_forward') AS carried_forward
FROM report r
JOIN dim_agency a USING (agency_id)
LEFT JOIN fact_application f ON f.report_id = r.report_id AND f.applicant = 'total'
WHERE r.is_current
GROUP BY r.report_id, r.agency_id, a.name, r.year, r.template;
COMMENT ON VIEW v_table3_wide IS 'Table 3 as printed, one row per current agency-year, one column per row code (dots become underscores), from the 总计 column.';
