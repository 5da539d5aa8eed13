-- Migration 0001: the dimensions of the star schema (CONTRACT.md §4), with their dictionary.
--
-- Applied by warehouse.schema.migrate() inside one transaction and recorded in
-- schema_migration. Never edit a migration that may have been applied somewhere: add the next
-- numbered file instead (migrate() refuses to run when an applied file's checksum changed).
-- Rows are not inserted here: warehouse.dimensions fills them from transform.codes (where
-- every code and label is spelled exactly once) right after this migration, so 0002 can
-- build its code types from them.

CREATE TABLE dim_agency (
    agency_id        VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    region_code      VARCHAR,
    province         VARCHAR,
    city             VARCHAR,
    district         VARCHAR,
    level            VARCHAR,
    parent_agency_id VARCHAR,
    site_url         VARCHAR,
    resolution       VARCHAR NOT NULL,
    source_key       VARCHAR
);
COMMENT ON TABLE dim_agency IS 'Publishing agencies (政府信息公开工作年度报告的发布机关). One row per agency_id; agency_id is derived from the normalized agency name only, so the same name always gets the same id.';
COMMENT ON COLUMN dim_agency.agency_id IS 'Stable key: ag_ + first 12 hex digits of sha256(normalized name).';
COMMENT ON COLUMN dim_agency.name IS 'Agency name: the source registry''s name when resolution = registry, else the name as the report prints it.';
COMMENT ON COLUMN dim_agency.region_code IS 'Administrative division code (行政区划代码) from the source registry; NULL when unresolved.';
COMMENT ON COLUMN dim_agency.province IS 'Province (省级) from the source registry; NULL when unresolved.';
COMMENT ON COLUMN dim_agency.city IS 'City (地级) from the source registry; NULL when unresolved.';
COMMENT ON COLUMN dim_agency.district IS 'District or county (县级) from the source registry; NULL when unresolved.';
COMMENT ON COLUMN dim_agency.level IS 'Administrative level from the source registry (e.g. district government, department, street); NULL when unresolved.';
COMMENT ON COLUMN dim_agency.parent_agency_id IS 'agency_id of the parent agency (the district government of a district department); NULL when unknown.';
COMMENT ON COLUMN dim_agency.site_url IS 'Home or report-column URL of the agency from the source registry.';
COMMENT ON COLUMN dim_agency.resolution IS 'How the agency is known: registry (facts from the crawler''s source registry) or report_name (only the name printed in a report; not verified, not matched to any registry entry).';
COMMENT ON COLUMN dim_agency.source_key IS 'Source registry key the agency facts came from; NULL for report_name agencies.';

CREATE TABLE agency_expected_year (
    agency_id VARCHAR NOT NULL,
    year      SMALLINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
COMMENT ON TABLE agency_expected_year IS 'Years for which the source registry expects a report from an agency; v_coverage marks expected years without one as missing.';
COMMENT ON COLUMN agency_expected_year.agency_id IS 'The agency (dim_agency.agency_id).';
COMMENT ON COLUMN agency_expected_year.year IS 'A covered year the agency should have published a report for.';

CREATE TABLE dim_disposition (
    code        VARCHAR PRIMARY KEY,
    label_zh    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    parent_code VARCHAR,
    sort_order  INTEGER NOT NULL,
    templates   VARCHAR[] NOT NULL,
    is_group    BOOLEAN NOT NULL,
    is_total    BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_disposition IS 'Rows of table 3 (收到和处理政府信息公开申请情况) in template order, plus the group headings that are parents of sub-rows but carry no numbers.';
COMMENT ON COLUMN dim_disposition.code IS 'Canonical disposition code (CONTRACT.md §1), e.g. unavailable.not_held.';
COMMENT ON COLUMN dim_disposition.label_zh IS 'Row label as the State Council template prints it.';
COMMENT ON COLUMN dim_disposition.label_en IS 'English label.';
COMMENT ON COLUMN dim_disposition.parent_code IS 'Code of the heading the row sits under (processed, withheld, unavailable, not_processed, other_group); NULL for top-level rows.';
COMMENT ON COLUMN dim_disposition.sort_order IS 'Position in the template (groups sort just before their first sub-row).';
COMMENT ON COLUMN dim_disposition.templates IS 'Templates that contain the row: 2019 (国办公开办函〔2019〕60号) and/or 2021 (国办公开办函〔2021〕30号).';
COMMENT ON COLUMN dim_disposition.is_group IS 'True for a heading that has sub-rows and no numbers of its own; facts never use these codes.';
COMMENT ON COLUMN dim_disposition.is_total IS 'True for total_processed, the printed sum of the rows under 三; never add it to its parts.';

CREATE TABLE dim_applicant (
    code       VARCHAR PRIMARY KEY,
    label_zh   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    is_total   BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_applicant IS 'Applicant columns of table 3 in template order.';
COMMENT ON COLUMN dim_applicant.code IS 'Canonical applicant code, e.g. natural_person.';
COMMENT ON COLUMN dim_applicant.label_zh IS 'Column label as the template prints it.';
COMMENT ON COLUMN dim_applicant.label_en IS 'English label.';
COMMENT ON COLUMN dim_applicant.sort_order IS 'Position in the template.';
COMMENT ON COLUMN dim_applicant.is_total IS 'True for the printed 总计 column; never add it to the other columns.';

CREATE TABLE dim_proceeding (
    code       VARCHAR PRIMARY KEY,
    label_zh   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE dim_proceeding IS 'Proceedings of table 4 (行政复议、行政诉讼) in template order.';
COMMENT ON COLUMN dim_proceeding.code IS 'Canonical proceeding code, e.g. reconsideration.';
COMMENT ON COLUMN dim_proceeding.label_zh IS 'Label as the template prints it.';
COMMENT ON COLUMN dim_proceeding.label_en IS 'English label.';
COMMENT ON COLUMN dim_proceeding.sort_order IS 'Position in the template.';

CREATE TABLE dim_outcome (
    code       VARCHAR PRIMARY KEY,
    label_zh   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    is_total   BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_outcome IS 'Outcomes of table 4 in template order.';
COMMENT ON COLUMN dim_outcome.code IS 'Canonical outcome code, e.g. corrected.';
COMMENT ON COLUMN dim_outcome.label_zh IS 'Label as the template prints it.';
COMMENT ON COLUMN dim_outcome.label_en IS 'English label.';
COMMENT ON COLUMN dim_outcome.sort_order IS 'Position in the template.';
COMMENT ON COLUMN dim_outcome.is_total IS 'True for the printed 总计 of a proceeding.';

CREATE TABLE dim_proactive_item (
    code       VARCHAR PRIMARY KEY,
    label_zh   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    templates  VARCHAR[] NOT NULL
);
COMMENT ON TABLE dim_proactive_item IS 'Rows of table 2 (主动公开政府信息情况) in template order.';
COMMENT ON COLUMN dim_proactive_item.code IS 'Canonical item code, e.g. normative_document.';
COMMENT ON COLUMN dim_proactive_item.label_zh IS 'Label as the template prints it.';
COMMENT ON COLUMN dim_proactive_item.label_en IS 'English label.';
COMMENT ON COLUMN dim_proactive_item.sort_order IS 'Position in the template.';
COMMENT ON COLUMN dim_proactive_item.templates IS 'Templates that contain the item (2019 and/or 2021).';

CREATE TABLE dim_proactive_measure (
    code       VARCHAR PRIMARY KEY,
    label_zh   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    templates  VARCHAR[] NOT NULL,
    is_money   BOOLEAN NOT NULL
);
COMMENT ON TABLE dim_proactive_measure IS 'Columns (measures) of table 2; the 2019 and 2021 templates measure different things.';
COMMENT ON COLUMN dim_proactive_measure.code IS 'Canonical measure code, e.g. in_force.';
COMMENT ON COLUMN dim_proactive_measure.label_zh IS 'Label as the template prints it.';
COMMENT ON COLUMN dim_proactive_measure.label_en IS 'English label.';
COMMENT ON COLUMN dim_proactive_measure.sort_order IS 'Position in the template.';
COMMENT ON COLUMN dim_proactive_measure.templates IS 'Templates that contain the measure (2019 and/or 2021).';
COMMENT ON COLUMN dim_proactive_measure.is_money IS 'True for amounts of money, stored in yuan (a column printed in 万元 is multiplied by 10,000).';

CREATE TABLE dim_check_rule (
    rule        VARCHAR PRIMARY KEY,
    scope       VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
COMMENT ON TABLE dim_check_rule IS 'Consistency rules evaluated on the data, so users can check them themselves.';
COMMENT ON COLUMN dim_check_rule.rule IS 'Rule code as it appears in check_result.rule.';
COMMENT ON COLUMN dim_check_rule.scope IS 'report: evaluated by the parser on one report''s printed values; cross: evaluated by the warehouse across reports or against report metadata.';
COMMENT ON COLUMN dim_check_rule.description IS 'What the rule asserts.';
