-- Where does a number come from? Every not-held count (本机关不掌握相关政府信息, 总计
-- column) with the page it was printed on, when it was fetched, the sha256 of the archived
-- bytes (raw/objects/<aa>/<bb>/<sha256>) and the parser version that read it.
SELECT a.agency_name, a.year, a.value AS not_held, r.source_url, r.fetched_at,
       r.content_sha256, r.parser_version, r.origin
FROM v_application a
JOIN v_report r USING (report_id)
WHERE a.disposition = 'unavailable.not_held' AND a.applicant = 'total'
ORDER BY a.agency_name, a.year;
