-- name: quote_meta
-- returns: how quote search works in this database and why the anonymiser last failed, if it did
-- grain: zero to three rows (quote_search, anonymiser_error, demo)
-- params: none
select
    key,
    value
from meta
where key in ('quote_search', 'anonymiser_error', 'demo')
