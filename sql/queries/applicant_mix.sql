-- Who files the requests: what share of new requests comes from each applicant type
-- (自然人, 商业企业, …), per year? The printed 总计 column is left out; shares are over the
-- six applicant columns, blanks excluded.
SELECT a.year, d.label_zh AS applicant_zh, a.applicant,
       sum(a.value) AS new_requests,
       round(share(sum(a.value), sum(sum(a.value)) OVER (PARTITION BY a.year)), 3) AS share
FROM v_application a
JOIN dim_applicant d ON d.code = a.applicant::VARCHAR
WHERE a.disposition = 'new_received' AND NOT d.is_total AND NOT a.is_blank
GROUP BY a.year, d.label_zh, a.applicant, d.sort_order
ORDER BY a.year, d.sort_order;
