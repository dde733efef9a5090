-- name: quote_original_text
-- returns: the original (not anonymised) wording of some excerpts, for the engagement officer only
-- grain: one row per excerpt asked for
-- params: $excerpt_ids
-- example: {"excerpt_ids": ["T01-1"]}
select
    excerpt_id,
    excerpt_text
from coded_excerpts
where list_contains($excerpt_ids::varchar[], excerpt_id)
