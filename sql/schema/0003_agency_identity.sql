-- Migration 0003: one agency_id per real agency through spellings, renames and mergers (issue 8).
--
-- dim_agency is filled from the agency catalog (the crawler registry plus the agency data
-- files in extract/sources/agencies/) by warehouse.agency_sync, which also copies the aliases
-- and the rename/merger links below, and re-attributes stored reports when the data files
-- change. agency_id is now the hash of the agency's key (place code + name without its place,
-- abbreviations expanded), so every spelling of one agency gets the same id.

CREATE TABLE agency_alias (
    alias     VARCHAR NOT NULL,
    agency_id VARCHAR NOT NULL,
    note      VARCHAR,
    declared_in VARCHAR
);
COMMENT ON TABLE agency_alias IS 'Other spellings of an agency declared in the agency data files (extract/sources/agencies/*.toml [[alias]]). Names printed in reports are in report.agency_name_printed.';
COMMENT ON COLUMN agency_alias.alias IS 'The other spelling, as declared.';
COMMENT ON COLUMN agency_alias.agency_id IS 'The agency it names (dim_agency.agency_id).';
COMMENT ON COLUMN agency_alias.note IS 'Why the alias exists (where it was seen).';
COMMENT ON COLUMN agency_alias.declared_in IS 'Data file and entry that declare it.';

CREATE TABLE agency_link (
    predecessor_id VARCHAR NOT NULL,
    successor_id   VARCHAR NOT NULL,
    year           SMALLINT NOT NULL,
    kind           VARCHAR NOT NULL,
    note           VARCHAR,
    declared_in    VARCHAR
);
COMMENT ON TABLE agency_link IS 'Renames and mergers of institutional reforms: predecessor became (part of) successor. Old and new agencies keep their own agency_id; v_agency_series continues a series only across one-to-one renames that the reports do not contradict.';
COMMENT ON COLUMN agency_link.predecessor_id IS 'The agency before the change (dim_agency.agency_id).';
COMMENT ON COLUMN agency_link.successor_id IS 'The agency after the change (dim_agency.agency_id).';
COMMENT ON COLUMN agency_link.year IS 'First covered year reported under the successor.';
COMMENT ON COLUMN agency_link.kind IS 'rename (one to one), merger (several into one), split (one into several) or reorganization (several into several).';
COMMENT ON COLUMN agency_link.note IS 'Evidence for the change.';
COMMENT ON COLUMN agency_link.declared_in IS 'Data file and entry that declare it.';

CREATE TABLE agency_sync (
    sync_id        BIGINT PRIMARY KEY,
    fingerprint    VARCHAR NOT NULL,
    synced_at      TIMESTAMP NOT NULL,
    agencies       BIGINT NOT NULL,
    reports_moved  BIGINT NOT NULL,
    reports_merged BIGINT NOT NULL
);
COMMENT ON TABLE agency_sync IS 'Each time dim_agency was brought in line with changed agency data (registry, aliases, renames); the last fingerprint is the data the warehouse reflects.';
COMMENT ON COLUMN agency_sync.sync_id IS 'Sequence number.';
COMMENT ON COLUMN agency_sync.fingerprint IS 'sha256 of the agency catalog (registry agencies, regions, naming rules, agencies, aliases, links, resolver version).';
COMMENT ON COLUMN agency_sync.synced_at IS 'When (UTC).';
COMMENT ON COLUMN agency_sync.agencies IS 'Rows in dim_agency afterwards.';
COMMENT ON COLUMN agency_sync.reports_moved IS 'Reports re-attributed to another agency (new report_id; see agency_rekey).';
COMMENT ON COLUMN agency_sync.reports_merged IS 'Reports dropped because the same bytes were already stored for the agency they now belong to.';

CREATE TABLE agency_rekey (
    sync_id       BIGINT NOT NULL,
    old_report_id BIGINT NOT NULL,
    new_report_id BIGINT NOT NULL,
    old_agency_id VARCHAR NOT NULL,
    new_agency_id VARCHAR NOT NULL,
    year          SMALLINT NOT NULL,
    action        VARCHAR NOT NULL
);
COMMENT ON TABLE agency_rekey IS 'Reports re-attributed when the agency data changed: report_id includes agency_id, so a saved report_id can be followed to its new one here.';
COMMENT ON COLUMN agency_rekey.sync_id IS 'The agency_sync that made the change.';
COMMENT ON COLUMN agency_rekey.old_report_id IS 'report_id before.';
COMMENT ON COLUMN agency_rekey.new_report_id IS 'report_id after.';
COMMENT ON COLUMN agency_rekey.old_agency_id IS 'Agency before.';
COMMENT ON COLUMN agency_rekey.new_agency_id IS 'Agency after.';
COMMENT ON COLUMN agency_rekey.year IS 'Covered year of the report.';
COMMENT ON COLUMN agency_rekey.action IS 'moved (stored under the new id) or merged (the same bytes were already stored under the new agency; this copy was dropped).';

COMMENT ON TABLE dim_agency IS 'Publishing agencies (政府信息公开工作年度报告的发布机关): every agency the catalog knows (crawler registry and agency data files) and every unresolved name a report printed. agency_id is the hash of the agency key, so every spelling of one agency gets the same id; renamed agencies keep distinct ids linked in agency_link.';
COMMENT ON COLUMN dim_agency.agency_id IS 'Stable key: ag_ + first 12 hex digits of sha256(<GB/T 2260 code>|<name without its place, abbreviations expanded>).';
COMMENT ON COLUMN dim_agency.name IS 'Agency name: the registry''s or data file''s name; for an unresolved agency, the printed name with its whole place prefix.';
COMMENT ON COLUMN dim_agency.region_code IS 'GB/T 2260 code of the district (for its departments and streets too), city or province; for an unresolved agency only when its name or publishing site says where.';
COMMENT ON COLUMN dim_agency.province IS 'Province (省级) name.';
COMMENT ON COLUMN dim_agency.city IS 'City (地级) name.';
COMMENT ON COLUMN dim_agency.district IS 'District or county (县级) name.';
COMMENT ON COLUMN dim_agency.level IS 'province, city, district (a district or county government), department or street (streets and towns); NULL when unresolved.';
COMMENT ON COLUMN dim_agency.parent_agency_id IS 'The government above: the district for its departments and streets, the city for a district; NULL when unknown.';
COMMENT ON COLUMN dim_agency.resolution IS 'registry (a crawler registry column''s agency, declared or discovered), catalog (declared in an agency data file, or the old or new name of a rename), or unresolved (a printed name matching no known agency: not guessed; add an alias to resolve it).';
COMMENT ON COLUMN dim_agency.source_key IS 'Registry source key of the agency''s report column; NULL for catalog and unresolved agencies.';
