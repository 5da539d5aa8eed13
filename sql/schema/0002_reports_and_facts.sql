-- Migration 0002: reports, their lineage, the fact tables, checks and load runs.
--
-- Code columns use ENUM types built from the dimension rows (filled from transform.codes
-- after 0001), in template order: facts stay compact (the composite primary keys are about
-- three times smaller than with VARCHAR codes), ORDER BY follows the template, and a code
-- the templates do not have cannot be stored. DuckDB cannot add a member to an ENUM in
-- place, so a new code means a migration that rebuilds the affected tables;
-- warehouse.schema.migrate() refuses to run until one exists.
-- report_id is a BIGINT (53 bits of a sha256, exact in every JSON reader): joins and keys on
-- integers load about 1.8 times faster than on strings.

CREATE TYPE disposition_code AS ENUM (
    SELECT code FROM dim_disposition WHERE NOT is_group ORDER BY sort_order);
CREATE TYPE applicant_code AS ENUM (SELECT code FROM dim_applicant ORDER BY sort_order);
CREATE TYPE proceeding_code AS ENUM (SELECT code FROM dim_proceeding ORDER BY sort_order);
CREATE TYPE outcome_code AS ENUM (SELECT code FROM dim_outcome ORDER BY sort_order);
CREATE TYPE proactive_item_code AS ENUM (
    SELECT code FROM dim_proactive_item ORDER BY sort_order);
CREATE TYPE proactive_measure_code AS ENUM (
    SELECT code FROM dim_proactive_measure ORDER BY sort_order);
COMMENT ON TYPE disposition_code IS 'Table 3 row codes in template order (dim_disposition without group headings).';
COMMENT ON TYPE applicant_code IS 'Table 3 applicant column codes in template order (dim_applicant).';
COMMENT ON TYPE proceeding_code IS 'Table 4 proceeding codes in template order (dim_proceeding).';
COMMENT ON TYPE outcome_code IS 'Table 4 outcome codes in template order (dim_outcome).';
COMMENT ON TYPE proactive_item_code IS 'Table 2 item codes in template order (dim_proactive_item).';
COMMENT ON TYPE proactive_measure_code IS 'Table 2 measure codes in template order (dim_proactive_measure).';

CREATE TABLE report (
    report_id      BIGINT PRIMARY KEY,
    agency_id      VARCHAR NOT NULL,
    year           SMALLINT NOT NULL,
    template       VARCHAR,
    title          VARCHAR,
    source_url     VARCHAR,
    published_date DATE,
    fetched_at     TIMESTAMP,
    content_sha256 VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    is_current     BOOLEAN NOT NULL,
    parse_status   VARCHAR NOT NULL,
    parse_error    VARCHAR,
    form           VARCHAR,
    agency_name_printed VARCHAR,
    warnings       VARCHAR[] NOT NULL,
    content_fingerprint VARCHAR NOT NULL,
    loaded_run_id  BIGINT NOT NULL
);
COMMENT ON TABLE report IS 'One row per distinct report document per agency and covered year. A corrected re-publication is a second row (a revision); the newest (published_date, then fetched_at) has is_current = true.';
COMMENT ON COLUMN report.report_id IS 'Stable key: the first 53 bits of sha256(content_sha256 | agency_id | year) as an integer.';
COMMENT ON COLUMN report.agency_id IS 'Publishing agency (dim_agency.agency_id).';
COMMENT ON COLUMN report.year IS 'The year the report COVERS (not the year it was published).';
COMMENT ON COLUMN report.template IS 'Table template found: 2019, 2021, or NULL when no standard table was found (e.g. pre-2019 narrative reports).';
COMMENT ON COLUMN report.title IS 'Report title as printed (or as the listing page gave it).';
COMMENT ON COLUMN report.source_url IS 'Where the bytes came from: the fetched URL, or the absolute file path for ogi ingest.';
COMMENT ON COLUMN report.published_date IS 'Publication date from the page or the parser; NULL when unknown.';
COMMENT ON COLUMN report.fetched_at IS 'When the bytes were fetched or ingested (UTC).';
COMMENT ON COLUMN report.content_sha256 IS 'sha256 of the raw bytes; the archive stores them at raw/objects/<aa>/<bb>/<sha256>.';
COMMENT ON COLUMN report.parser_version IS 'transform.PARSER_VERSION that derived the facts; ogi reparse re-derives reports whose version is stale.';
COMMENT ON COLUMN report.is_current IS 'True for the newest report of its agency and year; views serve only current reports.';
COMMENT ON COLUMN report.parse_status IS 'parsed (a standard table was read), no_table (readable, but no standard table: narrative only) or failed (the parser reported an error).';
COMMENT ON COLUMN report.parse_error IS 'The parser''s error message when parse_status = failed.';
COMMENT ON COLUMN report.form IS 'Document form the parser read (html, pdf, docx, text, ...).';
COMMENT ON COLUMN report.agency_name_printed IS 'Agency name as the report itself prints it (may differ from dim_agency.name when the registry named the agency).';
COMMENT ON COLUMN report.warnings IS 'Parser and loader warnings about this report.';
COMMENT ON COLUMN report.content_fingerprint IS 'sha256 of the parsed content (template, facts, narrative); bytes that differ only in page chrome keep the same fingerprint and are not a revision.';
COMMENT ON COLUMN report.loaded_run_id IS 'load_run that last (re)derived this report.';

CREATE TABLE report_lineage (
    report_id      BIGINT PRIMARY KEY,
    origin         VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    fetched_at     TIMESTAMP,
    http_status    INTEGER,
    content_type   VARCHAR,
    headers_json   VARCHAR,
    content_sha256 VARCHAR NOT NULL,
    size_bytes     BIGINT,
    source_key     VARCHAR,
    capture_role   VARCHAR,
    parent_url     VARCHAR,
    meta_json      VARCHAR
);
COMMENT ON TABLE report_lineage IS 'Provenance of each report: the capture (HTTP fetch or local file) its bytes came from. Every number leads back here through report_id.';
COMMENT ON COLUMN report_lineage.report_id IS 'The report (report.report_id).';
COMMENT ON COLUMN report_lineage.origin IS 'crawl (fetched over HTTP) or file (ogi ingest of a local file).';
COMMENT ON COLUMN report_lineage.url IS 'Requested URL, or the absolute path of an ingested file.';
COMMENT ON COLUMN report_lineage.final_url IS 'URL after redirects.';
COMMENT ON COLUMN report_lineage.fetched_at IS 'Fetch or ingest time (UTC).';
COMMENT ON COLUMN report_lineage.http_status IS 'HTTP status code; NULL for files.';
COMMENT ON COLUMN report_lineage.content_type IS 'Content-Type response header.';
COMMENT ON COLUMN report_lineage.headers_json IS 'All response headers as a JSON object (keys sorted).';
COMMENT ON COLUMN report_lineage.content_sha256 IS 'sha256 of the raw bytes (the archive key).';
COMMENT ON COLUMN report_lineage.size_bytes IS 'Size of the raw bytes.';
COMMENT ON COLUMN report_lineage.source_key IS 'Source registry key the crawl came from; NULL for files and generic crawls.';
COMMENT ON COLUMN report_lineage.capture_role IS 'Role of the capture: detail page, attachment, file, ...';
COMMENT ON COLUMN report_lineage.parent_url IS 'Page that linked to this one (e.g. the detail page of an attachment).';
COMMENT ON COLUMN report_lineage.meta_json IS 'Other capture metadata (listing title, listing date, ...) as a JSON object.';

CREATE TABLE report_narrative (
    report_id BIGINT NOT NULL,
    key       VARCHAR NOT NULL,
    value     DOUBLE,
    PRIMARY KEY (report_id, key)
);
COMMENT ON TABLE report_narrative IS 'Numbers the parser read from a report''s prose (e.g. 受理政府信息公开申请 N 件), kept for pre-2019 reports and as a cross-check; they may measure something different from table 3.';
COMMENT ON COLUMN report_narrative.report_id IS 'The report (report.report_id).';
COMMENT ON COLUMN report_narrative.key IS 'What the number counts, as the parser names it.';
COMMENT ON COLUMN report_narrative.value IS 'The number as printed.';

CREATE TABLE fact_application (
    report_id   BIGINT NOT NULL,
    agency_id   VARCHAR NOT NULL,
    year        SMALLINT NOT NULL,
    disposition disposition_code NOT NULL,
    applicant   applicant_code NOT NULL,
    value       BIGINT,
    is_blank    BOOLEAN NOT NULL,
    PRIMARY KEY (report_id, disposition, applicant)
);
COMMENT ON TABLE fact_application IS 'Table 3 cells, one row per printed cell (disposition × applicant). Printed totals are kept as printed, never recomputed.';
COMMENT ON COLUMN fact_application.report_id IS 'The report (report.report_id); join report for is_current and provenance.';
COMMENT ON COLUMN fact_application.agency_id IS 'Publishing agency (dim_agency.agency_id).';
COMMENT ON COLUMN fact_application.year IS 'Covered year.';
COMMENT ON COLUMN fact_application.disposition IS 'Row code (dim_disposition.code).';
COMMENT ON COLUMN fact_application.applicant IS 'Column code (dim_applicant.code); total is the printed 总计 column.';
COMMENT ON COLUMN fact_application.value IS 'Number as printed; NULL when the cell is blank.';
COMMENT ON COLUMN fact_application.is_blank IS 'True when the cell is blank in the source (empty, &nbsp;); a printed 0 is value 0, not blank.';

CREATE TABLE fact_review_litigation (
    report_id  BIGINT NOT NULL,
    agency_id  VARCHAR NOT NULL,
    year       SMALLINT NOT NULL,
    proceeding proceeding_code NOT NULL,
    outcome    outcome_code NOT NULL,
    value      BIGINT,
    is_blank   BOOLEAN NOT NULL,
    PRIMARY KEY (report_id, proceeding, outcome)
);
COMMENT ON TABLE fact_review_litigation IS 'Table 4 cells (行政复议、行政诉讼), one row per printed cell (proceeding × outcome).';
COMMENT ON COLUMN fact_review_litigation.report_id IS 'The report (report.report_id).';
COMMENT ON COLUMN fact_review_litigation.agency_id IS 'Publishing agency (dim_agency.agency_id).';
COMMENT ON COLUMN fact_review_litigation.year IS 'Covered year.';
COMMENT ON COLUMN fact_review_litigation.proceeding IS 'Proceeding code (dim_proceeding.code).';
COMMENT ON COLUMN fact_review_litigation.outcome IS 'Outcome code (dim_outcome.code); total is the printed 总计.';
COMMENT ON COLUMN fact_review_litigation.value IS 'Number as printed; NULL when the cell is blank.';
COMMENT ON COLUMN fact_review_litigation.is_blank IS 'True when the cell is blank in the source.';

CREATE TABLE fact_proactive (
    report_id BIGINT NOT NULL,
    agency_id VARCHAR NOT NULL,
    year      SMALLINT NOT NULL,
    item      proactive_item_code NOT NULL,
    measure   proactive_measure_code NOT NULL,
    value     DOUBLE,
    unit      VARCHAR,
    raw_text  VARCHAR,
    PRIMARY KEY (report_id, item, measure)
);
COMMENT ON TABLE fact_proactive IS 'Table 2 cells (主动公开政府信息情况), one row per printed cell (item × measure).';
COMMENT ON COLUMN fact_proactive.report_id IS 'The report (report.report_id).';
COMMENT ON COLUMN fact_proactive.agency_id IS 'Publishing agency (dim_agency.agency_id).';
COMMENT ON COLUMN fact_proactive.year IS 'Covered year.';
COMMENT ON COLUMN fact_proactive.item IS 'Item code (dim_proactive_item.code).';
COMMENT ON COLUMN fact_proactive.measure IS 'Measure code (dim_proactive_measure.code).';
COMMENT ON COLUMN fact_proactive.value IS 'Number, money in yuan (万元 × 10,000); NULL when blank.';
COMMENT ON COLUMN fact_proactive.unit IS 'Unit printed in the source (e.g. 万元), when there was one.';
COMMENT ON COLUMN fact_proactive.raw_text IS 'Cell text exactly as printed.';

CREATE TABLE check_result (
    report_id BIGINT NOT NULL,
    rule      VARCHAR NOT NULL,
    subject   VARCHAR NOT NULL,
    status    VARCHAR NOT NULL,
    expected  DOUBLE,
    actual    DOUBLE,
    message   VARCHAR
);
COMMENT ON TABLE check_result IS 'Every consistency rule evaluated (pass, fail or not_assessable): the parser''s per-report identities and the warehouse''s cross-report rules (rule codes in dim_check_rule). One row per (report_id, rule, subject); the loader guarantees it without an index, which would double the file size.';
COMMENT ON COLUMN check_result.report_id IS 'The report the result is about (for cross-year rules, the later year''s report).';
COMMENT ON COLUMN check_result.rule IS 'Rule code (dim_check_rule.rule).';
COMMENT ON COLUMN check_result.subject IS 'What the rule was applied to: an applicant column, a disposition row, a proceeding, a table-2 item, or report.';
COMMENT ON COLUMN check_result.status IS 'pass, fail, or not_assessable (an input was blank or missing).';
COMMENT ON COLUMN check_result.expected IS 'Value the rule expects (e.g. the sum of the parts).';
COMMENT ON COLUMN check_result.actual IS 'Value printed.';
COMMENT ON COLUMN check_result.message IS 'Human explanation, when there is one.';

CREATE TABLE load_run (
    run_id            BIGINT PRIMARY KEY,
    kind              VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,
    parser_version    VARCHAR NOT NULL,
    reports_seen      BIGINT,
    reports_new       BIGINT,
    reports_revised   BIGINT,
    reports_unchanged BIGINT,
    reports_rederived BIGINT,
    reports_rejected  BIGINT,
    fact_rows         BIGINT,
    message           VARCHAR
);
COMMENT ON TABLE load_run IS 'One row per load run (nightly, ingest, reparse): when it ran, what it did, and whether it finished.';
COMMENT ON COLUMN load_run.run_id IS 'Run number, increasing.';
COMMENT ON COLUMN load_run.kind IS 'What started the run: nightly, ingest, reparse, ...';
COMMENT ON COLUMN load_run.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN load_run.finished_at IS 'End time (UTC); NULL while running or after a crash.';
COMMENT ON COLUMN load_run.status IS 'running, succeeded or failed; a run left running by a crash stays running.';
COMMENT ON COLUMN load_run.parser_version IS 'transform.PARSER_VERSION of the process that ran the load.';
COMMENT ON COLUMN load_run.reports_seen IS 'Reports offered to the loader.';
COMMENT ON COLUMN load_run.reports_new IS 'Reports for an agency and year not seen before.';
COMMENT ON COLUMN load_run.reports_revised IS 'Changed reports for an agency and year already loaded (revisions).';
COMMENT ON COLUMN load_run.reports_unchanged IS 'Reports already loaded with the same content (nothing changed).';
COMMENT ON COLUMN load_run.reports_rederived IS 'Reports whose facts were re-derived by a newer parser version.';
COMMENT ON COLUMN load_run.reports_rejected IS 'Inputs refused (no agency, no year, invalid values); see load_event.';
COMMENT ON COLUMN load_run.fact_rows IS 'Fact rows written by the run.';
COMMENT ON COLUMN load_run.message IS 'Error or summary message.';

CREATE TABLE load_event (
    run_id         BIGINT NOT NULL,
    seq            BIGINT NOT NULL,
    outcome        VARCHAR NOT NULL,
    report_id      BIGINT,
    agency_id      VARCHAR,
    year           SMALLINT,
    source_url     VARCHAR,
    content_sha256 VARCHAR,
    fact_rows      BIGINT NOT NULL,
    reason         VARCHAR,
    PRIMARY KEY (run_id, seq)
);
COMMENT ON TABLE load_event IS 'What the loader did with each input of each run, rejections included (an audit trail).';
COMMENT ON COLUMN load_event.run_id IS 'The run (load_run.run_id).';
COMMENT ON COLUMN load_event.seq IS 'Position of the input within the run.';
COMMENT ON COLUMN load_event.outcome IS 'new, revision, unchanged, rederived or rejected.';
COMMENT ON COLUMN load_event.report_id IS 'The report written or matched; NULL when rejected.';
COMMENT ON COLUMN load_event.agency_id IS 'Agency, when it could be determined.';
COMMENT ON COLUMN load_event.year IS 'Covered year, when it could be determined.';
COMMENT ON COLUMN load_event.source_url IS 'URL or file path of the input.';
COMMENT ON COLUMN load_event.content_sha256 IS 'sha256 of the input bytes.';
COMMENT ON COLUMN load_event.fact_rows IS 'Fact rows written for this input.';
COMMENT ON COLUMN load_event.reason IS 'Why (for rejected and unchanged inputs, and revisions).';
