-- name: quote_review_history
-- returns: every review decision on one excerpt, newest first (who, when, decision, edited wording, note)
-- grain: one row per review decision
-- params: $excerpt_id
-- example: {"excerpt_id": "T01-1"}
select
    reviewed_at,
    reviewer,
    status,
    edited_text,
    note
from quote_reviews
where excerpt_id = $excerpt_id
order by reviewed_at desc, review_id desc
