-- Migration 0006: what the crawl saw where it could load nothing, and cancelled runs.
--
-- An anti-bot wall (瑞数 412, 加速乐 521, ...) leaves no bytes to parse, so without a record of
-- it an agency-year behind a wall looks merely missing. `crawl_wall` holds every report URL
-- whose latest capture in the raw archive is a wall, with the source, agency and covered year
-- the crawl read from the list page that led there; the nightly run replaces its rows from
-- the capture log after each crawl, so it always says what the latest visit saw. v_coverage
-- turns a missing agency-year with a wall behind it into `blocked`.
-- load_run.status gains `cancelled`: a run stopped by SIGINT/SIGTERM at a safe point.

CREATE TABLE crawl_wall (
    url         VARCHAR PRIMARY KEY,
    source_key  VARCHAR,
    agency_name VARCHAR,
    year        SMALLINT,
    reason      VARCHAR,
    seen_at     TIMESTAMP
);
COMMENT ON TABLE crawl_wall IS 'Report pages whose latest crawl met an anti-bot wall (nothing could be loaded); v_coverage shows their agency-years as blocked. Replaced from the raw capture log after every crawl.';
COMMENT ON COLUMN crawl_wall.url IS 'The report page or file URL the wall answered for.';
COMMENT ON COLUMN crawl_wall.source_key IS 'Registry source that linked it (dim_agency.source_key names the agency).';
COMMENT ON COLUMN crawl_wall.agency_name IS 'The agency as the crawl knew it (the column''s agency), for walls no registry source names.';
COMMENT ON COLUMN crawl_wall.year IS 'Covered year read from the link text on the list page (or the page title); NULL when none could be read.';
COMMENT ON COLUMN crawl_wall.reason IS 'What the wall was (e.g. the anti-bot product and HTTP status).';
COMMENT ON COLUMN crawl_wall.seen_at IS 'When the crawl last met the wall (UTC).';
COMMENT ON COLUMN load_run.status IS 'running, succeeded, failed or cancelled (stopped by SIGINT/SIGTERM at a safe point: nothing half-written); a run left running by a crash stays running.';
