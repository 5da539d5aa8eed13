-- Migration 0007: a wall's `seen_at` is when the crawl first met it, not its latest visit.
--
-- Every nightly run visits the walled pages again, so "last met" changed every night and a run
-- that found nothing new still changed the data: the snapshot was copied, the export rewritten
-- and the site rebuilt for a timestamp. A wall met again now keeps its first time (blocked
-- since); one whose answer changed, or that returns after the page had loaded, starts anew.
-- Rows recorded before this migration keep the time of their latest visit until then.

COMMENT ON COLUMN crawl_wall.seen_at IS 'When the crawl first met this wall (UTC): blocked since; kept while every later visit meets the same wall.';
