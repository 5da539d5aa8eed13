-- Migration 0005: the schema enforces its own invariants, and report_id no longer moves.
--
-- 1. report_id = the first 53 bits of sha256(<capture URL> | <content sha256>): what identifies
--    a capture, never the agency or year it was attributed to. Existing reports are re-keyed
--    here, once; report_id_map lists every old id with its new one (two old rows of one
--    capture, possible only under the old scheme, collapse into the current or newest one).
-- 2. Closed sets are ENUM types; every row that belongs to a report (facts, checks, lineage,
--    narrative, the report row itself) references report_key, the ids ever assigned; one
--    current report per agency and year is the primary key of current_report; the capture's
--    headers and metadata are JSON.
-- DuckDB cannot add a constraint to an existing table, so every constrained table is rebuilt:
-- renamed away, created anew with its constraints, filled, dropped (all in the migration's one
-- transaction; migrate() carries the column comments over and re-applies the views).
-- Measured (docs/warehouse.md): a composite primary key on a fact table costs ~26 bytes per
-- cell (4.7 KB per report), so facts have none (transform.frames refuses a cell given twice);
-- a foreign key costs ~1 byte per row because a report's rows are inserted together.
-- Why report_key and not report: DuckDB 2.0 refuses, inside one transaction, to delete a row
-- that rows deleted in the same transaction referenced, and rewrites a row (delete + insert)
-- to update a list or an indexed column. The loader replaces a re-derived report's rows in one
-- transaction, so nothing may reference `report` itself; report_key is insert-only (ids are
-- stable, so a report_id once assigned stays that report's).

CREATE TYPE report_template AS ENUM ('2019', '2021');
CREATE TYPE parse_status AS ENUM ('parsed', 'no_table', 'failed');
CREATE TYPE document_form AS ENUM ('html', 'pdf', 'docx', 'doc', 'text', 'xlsx', 'empty', 'binary');
CREATE TYPE report_extraction AS ENUM ('text', 'ocr', 'segmented');
CREATE TYPE lineage_origin AS ENUM ('crawl', 'file');
CREATE TYPE check_status AS ENUM ('pass', 'fail', 'not_assessable');
CREATE TYPE check_rule_code AS ENUM (
    SELECT rule FROM (SELECT rule FROM dim_check_rule UNION SELECT rule FROM check_result) ORDER BY rule);
CREATE TYPE run_status AS ENUM ('running', 'succeeded', 'failed', 'cancelled');
CREATE TYPE load_outcome AS ENUM ('new', 'revision', 'unchanged', 'rederived', 'rejected');
CREATE TYPE agency_level AS ENUM ('province', 'city', 'district', 'department', 'street');
CREATE TYPE agency_resolution AS ENUM ('registry', 'catalog', 'unresolved');
CREATE TYPE agency_link_kind AS ENUM ('rename', 'merger', 'split', 'reorganization');

-- old id → new id; of two old rows of one capture the current (else newest) one survives
CREATE TEMP TABLE rekey AS
SELECT old_id, new_id, row_number() OVER (PARTITION BY new_id ORDER BY is_current DESC,
                                          loaded_run_id DESC, old_id DESC) = 1 AS survives
FROM (
    SELECT r.report_id AS old_id, r.is_current, r.loaded_run_id,
           (('0x' || left(sha256(coalesce(l.url, r.source_url, '') || '|' || r.content_sha256), 14))::BIGINT
            >> 3) AS new_id
    FROM report r LEFT JOIN report_lineage l USING (report_id));

ALTER TABLE load_run RENAME TO load_run__v4;
ALTER TABLE load_event RENAME TO load_event__v4;
ALTER TABLE dim_agency RENAME TO dim_agency__v4;
ALTER TABLE agency_alias RENAME TO agency_alias__v4;
ALTER TABLE agency_link RENAME TO agency_link__v4;
ALTER TABLE agency_expected_year RENAME TO agency_expected_year__v4;
ALTER TABLE report RENAME TO report__v4;
ALTER TABLE report_lineage RENAME TO report_lineage__v4;
ALTER TABLE report_narrative RENAME TO report_narrative__v4;
ALTER TABLE fact_application RENAME TO fact_application__v4;
ALTER TABLE fact_review_litigation RENAME TO fact_review_litigation__v4;
ALTER TABLE fact_proactive RENAME TO fact_proactive__v4;
ALTER TABLE check_result RENAME TO check_result__v4;

CREATE TABLE load_run (
    run_id            BIGINT PRIMARY KEY,
    kind              VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            run_status NOT NULL,
    parser_version    VARCHAR NOT NULL,
    reports_seen      BIGINT,
    reports_new       BIGINT,
    reports_revised   BIGINT,
    reports_unchanged BIGINT,
    reports_rederived BIGINT,
    reports_rejected  BIGINT,
    fact_rows         BIGINT,
    message           VARCHAR,
    CHECK ((status = 'running') = (finished_at IS NULL))
);
INSERT INTO load_run SELECT * FROM load_run__v4;

CREATE TABLE load_event (
    run_id         BIGINT NOT NULL REFERENCES load_run (run_id),
    seq            BIGINT NOT NULL,
    outcome        load_outcome NOT NULL,
    report_id      BIGINT,
    agency_id      VARCHAR,
    year           SMALLINT,
    source_url     VARCHAR,
    content_sha256 VARCHAR,
    fact_rows      BIGINT NOT NULL,
    reason         VARCHAR,
    PRIMARY KEY (run_id, seq),
    CHECK ((outcome = 'rejected') OR report_id IS NOT NULL)
);
-- events are history: they keep the ids of their day, translated where the report survives
INSERT INTO load_event
SELECT e.* REPLACE (coalesce(k.new_id, e.report_id) AS report_id)
FROM load_event__v4 e LEFT JOIN rekey k ON k.old_id = e.report_id ORDER BY e.run_id, e.seq;

CREATE TABLE dim_agency (
    agency_id        VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    region_code      VARCHAR,
    province         VARCHAR,
    city             VARCHAR,
    district         VARCHAR,
    level            agency_level,
    parent_agency_id VARCHAR,
    site_url         VARCHAR,
    resolution       agency_resolution NOT NULL,
    source_key       VARCHAR
);
INSERT INTO dim_agency
SELECT * REPLACE (
    CASE WHEN level IN ('province', 'city', 'district', 'department', 'street') THEN level END AS level,
    CASE WHEN resolution IN ('registry', 'catalog') THEN resolution ELSE 'unresolved' END AS resolution)
FROM dim_agency__v4;

CREATE TABLE agency_alias (
    alias       VARCHAR NOT NULL,
    agency_id   VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    note        VARCHAR,
    declared_in VARCHAR
);
INSERT INTO agency_alias SELECT * FROM agency_alias__v4
WHERE agency_id IN (SELECT agency_id FROM dim_agency);

CREATE TABLE agency_link (
    predecessor_id VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    successor_id   VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    year           SMALLINT NOT NULL,
    kind           agency_link_kind NOT NULL,
    note           VARCHAR,
    declared_in    VARCHAR,
    CHECK (predecessor_id <> successor_id)
);
INSERT INTO agency_link SELECT * FROM agency_link__v4
WHERE predecessor_id IN (SELECT agency_id FROM dim_agency)
  AND successor_id IN (SELECT agency_id FROM dim_agency);

CREATE TABLE agency_expected_year (
    agency_id VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    year      SMALLINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
INSERT INTO agency_expected_year SELECT * FROM agency_expected_year__v4
WHERE agency_id IN (SELECT agency_id FROM dim_agency);

CREATE TABLE report_key (report_id BIGINT PRIMARY KEY);
INSERT INTO report_key SELECT DISTINCT new_id FROM rekey ORDER BY 1;

-- an agency a report names must be known; a warehouse that lost one gets it back unresolved
INSERT INTO dim_agency (agency_id, name, resolution)
SELECT agency_id, coalesce(any_value(agency_name_printed), agency_id), 'unresolved' FROM report__v4
WHERE agency_id NOT IN (SELECT agency_id FROM dim_agency) GROUP BY agency_id;

CREATE TABLE report (
    report_id           BIGINT PRIMARY KEY REFERENCES report_key (report_id),
    agency_id           VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    year                SMALLINT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    template            report_template,
    title               VARCHAR,
    source_url          VARCHAR,
    published_date      DATE,
    fetched_at          TIMESTAMP,
    content_sha256      VARCHAR NOT NULL CHECK (regexp_full_match(content_sha256, '[0-9a-f]{64}')),
    parser_version      VARCHAR NOT NULL,
    is_current          BOOLEAN NOT NULL,
    parse_status        parse_status NOT NULL,
    parse_error         VARCHAR,
    form                document_form,
    agency_name_printed VARCHAR,
    warnings            VARCHAR[] NOT NULL,
    content_fingerprint VARCHAR NOT NULL,
    loaded_run_id       BIGINT NOT NULL REFERENCES load_run (run_id),
    extraction          report_extraction
);
INSERT INTO report
SELECT r.* REPLACE (k.new_id AS report_id)
FROM report__v4 r JOIN rekey k ON k.old_id = r.report_id AND k.survives
ORDER BY k.new_id;

CREATE TABLE current_report (
    agency_id VARCHAR NOT NULL REFERENCES dim_agency (agency_id),
    year      SMALLINT NOT NULL,
    report_id BIGINT NOT NULL UNIQUE REFERENCES report_key (report_id),
    PRIMARY KEY (agency_id, year)
);
-- the rule of warehouse.store.current, applied once to every agency-year
INSERT INTO current_report
SELECT agency_id, year, report_id FROM report
QUALIFY row_number() OVER (PARTITION BY agency_id, year
                           ORDER BY parse_status = 'parsed' DESC, published_date DESC NULLS LAST,
                                    fetched_at DESC NULLS LAST, loaded_run_id DESC, report_id DESC) = 1;
UPDATE report SET is_current = report_id IN (SELECT report_id FROM current_report);

CREATE TABLE report_lineage (
    report_id      BIGINT PRIMARY KEY REFERENCES report_key (report_id),
    origin         lineage_origin NOT NULL,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    fetched_at     TIMESTAMP,
    http_status    INTEGER,
    content_type   VARCHAR,
    headers_json   JSON,
    content_sha256 VARCHAR NOT NULL,
    size_bytes     BIGINT CHECK (size_bytes >= 0),
    source_key     VARCHAR,
    capture_role   VARCHAR,
    parent_url     VARCHAR,
    meta_json      JSON
);
INSERT INTO report_lineage
SELECT l.* REPLACE (k.new_id AS report_id)
FROM report_lineage__v4 l JOIN rekey k ON k.old_id = l.report_id AND k.survives
ORDER BY k.new_id;

CREATE TABLE report_narrative (
    report_id BIGINT NOT NULL REFERENCES report_key (report_id),
    key       VARCHAR NOT NULL,
    value     DOUBLE
);
INSERT INTO report_narrative
SELECT n.* REPLACE (k.new_id AS report_id)
FROM report_narrative__v4 n JOIN rekey k ON k.old_id = n.report_id AND k.survives
ORDER BY k.new_id, n.key;

CREATE TABLE fact_application (
    report_id   BIGINT NOT NULL REFERENCES report_key (report_id),
    agency_id   VARCHAR NOT NULL,
    year        SMALLINT NOT NULL,
    disposition disposition_code NOT NULL,
    applicant   applicant_code NOT NULL,
    value       BIGINT,
    is_blank    BOOLEAN NOT NULL,
    raw_text    VARCHAR,
    extraction  extraction_method,
    confidence  REAL CHECK (confidence BETWEEN 0 AND 1),
    CHECK (NOT is_blank OR value IS NULL)
);
INSERT INTO fact_application
SELECT f.* REPLACE (k.new_id AS report_id)
FROM fact_application__v4 f JOIN rekey k ON k.old_id = f.report_id AND k.survives
ORDER BY k.new_id, f.disposition, f.applicant;

CREATE TABLE fact_review_litigation (
    report_id  BIGINT NOT NULL REFERENCES report_key (report_id),
    agency_id  VARCHAR NOT NULL,
    year       SMALLINT NOT NULL,
    proceeding proceeding_code NOT NULL,
    outcome    outcome_code NOT NULL,
    value      BIGINT,
    is_blank   BOOLEAN NOT NULL,
    raw_text   VARCHAR,
    extraction extraction_method,
    confidence REAL CHECK (confidence BETWEEN 0 AND 1),
    CHECK (NOT is_blank OR value IS NULL)
);
INSERT INTO fact_review_litigation
SELECT f.* REPLACE (k.new_id AS report_id)
FROM fact_review_litigation__v4 f JOIN rekey k ON k.old_id = f.report_id AND k.survives
ORDER BY k.new_id, f.proceeding, f.outcome;

CREATE TABLE fact_proactive (
    report_id  BIGINT NOT NULL REFERENCES report_key (report_id),
    agency_id  VARCHAR NOT NULL,
    year       SMALLINT NOT NULL,
    item       proactive_item_code NOT NULL,
    measure    proactive_measure_code NOT NULL,
    value      DOUBLE,
    unit       VARCHAR,
    raw_text   VARCHAR,
    extraction extraction_method,
    confidence REAL CHECK (confidence BETWEEN 0 AND 1)
);
INSERT INTO fact_proactive
SELECT f.* REPLACE (k.new_id AS report_id)
FROM fact_proactive__v4 f JOIN rekey k ON k.old_id = f.report_id AND k.survives
ORDER BY k.new_id, f.item, f.measure;

CREATE TABLE check_result (
    report_id BIGINT NOT NULL REFERENCES report_key (report_id),
    rule      check_rule_code NOT NULL,
    subject   VARCHAR NOT NULL,
    status    check_status NOT NULL,
    expected  DOUBLE,
    actual    DOUBLE,
    message   VARCHAR
);
INSERT INTO check_result
SELECT c.* REPLACE (k.new_id AS report_id)
FROM check_result__v4 c JOIN rekey k ON k.old_id = c.report_id AND k.survives
ORDER BY k.new_id, c.rule, c.subject;

CREATE TABLE report_id_map (
    old_report_id BIGINT PRIMARY KEY,
    new_report_id BIGINT NOT NULL
);
-- every id a user may have saved: the ids re-keyed here, and those an agency sync had already
-- replaced (agency_rekey), followed to where their report is now
INSERT INTO report_id_map
SELECT old_id, new_id FROM rekey
UNION ALL
SELECT a.old_report_id, k.new_id
FROM agency_rekey a JOIN rekey k ON k.old_id = a.new_report_id
WHERE a.old_report_id NOT IN (SELECT old_id FROM rekey)
QUALIFY row_number() OVER (PARTITION BY a.old_report_id ORDER BY a.sync_id DESC) = 1;

DROP TABLE check_result__v4;
DROP TABLE fact_proactive__v4;
DROP TABLE fact_review_litigation__v4;
DROP TABLE fact_application__v4;
DROP TABLE report_narrative__v4;
DROP TABLE report_lineage__v4;
DROP TABLE report__v4;
DROP TABLE agency_expected_year__v4;
DROP TABLE agency_link__v4;
DROP TABLE agency_alias__v4;
DROP TABLE dim_agency__v4;
DROP TABLE load_event__v4;
DROP TABLE load_run__v4;
DROP TABLE rekey;

COMMENT ON TYPE check_rule_code IS 'Rule codes (dim_check_rule.rule).';
COMMENT ON TABLE current_report IS 'The current report of each agency and covered year (the newest that yielded numbers; see report.is_current, which mirrors it). The primary key makes a second current report for an agency-year impossible.';
COMMENT ON COLUMN current_report.agency_id IS 'The agency (dim_agency.agency_id).';
COMMENT ON COLUMN current_report.year IS 'Covered year.';
COMMENT ON COLUMN current_report.report_id IS 'The current report (report.report_id).';
COMMENT ON TABLE report_key IS 'Every report_id ever assigned (ids are stable, so never removed): what the rows of a report reference, so the database refuses a fact, check or lineage row of a report that does not exist.';
COMMENT ON COLUMN report_key.report_id IS 'A report (report.report_id).';
COMMENT ON TABLE report_id_map IS 'report_id values of the scheme before migration 0005 (which hashed agency and year into the id) and the id the same report has now; ids no longer change.';
COMMENT ON COLUMN report_id_map.old_report_id IS 'An id a report had before migration 0005.';
COMMENT ON COLUMN report_id_map.new_report_id IS 'Its report_id now (report.report_id).';
COMMENT ON TABLE report IS 'One row per capture (a URL and the bytes fetched from it) that was loaded as a report. A corrected re-publication is a second row (a revision); the newest of an agency and year is current (current_report, mirrored in is_current).';
COMMENT ON COLUMN report.report_id IS 'Stable key: the first 53 bits of sha256(<capture URL> | <content sha256>) as an integer; the capture URL is report_lineage.url (the requested URL, or the absolute path of an ingested file). Re-attributing the report to another agency or year, or re-parsing it, never changes it.';
COMMENT ON COLUMN report.is_current IS 'True for the current report of its agency and year (the row of current_report, which the database keeps unique); views serve only current reports.';
COMMENT ON COLUMN report_lineage.headers_json IS 'All response headers as a JSON object (keys sorted).';
COMMENT ON COLUMN report_lineage.meta_json IS 'Other capture metadata (listing title, listing date, ...) as a JSON object.';
COMMENT ON COLUMN check_result.rule IS 'Rule code (dim_check_rule.rule).';
COMMENT ON TABLE check_result IS 'Every consistency rule evaluated (pass, fail or not_assessable): the parser''s per-report identities and the warehouse''s cross-report rules (rule codes in dim_check_rule). One row per (report_id, rule, subject); the loader guarantees it without a unique index, which would cost more than the rows.';
COMMENT ON TABLE agency_rekey IS 'History from before migration 0005, when report_id included agency_id and an agency sync re-keyed reports; report_id_map follows every such id to the report''s id now.';
