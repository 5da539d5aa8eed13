-- Migration 0004: how each value was obtained, and the printed text of odd count cells.
--
-- A value read by OCR or by splitting a run of glued digits says so, all the way to the
-- exports: `extraction` ('ocr', 'segmented'; NULL for a text layer or markup) and, for OCR,
-- the recogniser's `confidence`. Counts that are not whole numbers ('1.5') are stored as their
-- printed text in `raw_text` with no value (and a failing cell.not_a_count check), so one odd
-- cell no longer costs its report; raw_text is NULL where the printed text is just the value.

CREATE TYPE extraction_method AS ENUM ('ocr', 'segmented');

ALTER TABLE fact_application ADD COLUMN raw_text VARCHAR;
ALTER TABLE fact_application ADD COLUMN extraction extraction_method;
ALTER TABLE fact_application ADD COLUMN confidence REAL;
ALTER TABLE fact_review_litigation ADD COLUMN raw_text VARCHAR;
ALTER TABLE fact_review_litigation ADD COLUMN extraction extraction_method;
ALTER TABLE fact_review_litigation ADD COLUMN confidence REAL;
ALTER TABLE fact_proactive ADD COLUMN extraction extraction_method;
ALTER TABLE fact_proactive ADD COLUMN confidence REAL;
ALTER TABLE report ADD COLUMN extraction VARCHAR;

COMMENT ON COLUMN fact_application.raw_text IS 'The cell as printed, where that is not simply the value: a count printed as 1.5 (value NULL, see check cell.not_a_count), full-width digits, a blank mark. NULL when the printed text is the value.';
COMMENT ON COLUMN fact_application.extraction IS 'How the value was obtained when not read off a text layer or markup: ocr (recognised from a page image) or segmented (a run of glued digits split by the table''s identities). NULL otherwise.';
COMMENT ON COLUMN fact_application.confidence IS 'For extraction = ocr: the recogniser''s confidence in the cell''s text, 0-1.';
COMMENT ON COLUMN fact_review_litigation.raw_text IS 'The cell as printed, where that is not simply the value (see fact_application.raw_text).';
COMMENT ON COLUMN fact_review_litigation.extraction IS 'ocr or segmented when the value was not read off a text layer (see fact_application.extraction).';
COMMENT ON COLUMN fact_review_litigation.confidence IS 'For extraction = ocr: the recogniser''s confidence, 0-1.';
COMMENT ON COLUMN fact_proactive.extraction IS 'ocr or segmented when the value was not read off a text layer (see fact_application.extraction).';
COMMENT ON COLUMN fact_proactive.confidence IS 'For extraction = ocr: the recogniser''s confidence, 0-1.';
COMMENT ON COLUMN report.extraction IS 'How the report''s values were read: text (a text layer or markup), ocr (page images) or segmented (some values split from glued digit runs).';
