-- name: meta_value
-- returns: the stored value for one database fact (e.g. 'demo', 'reference_vintage'), if any
-- grain: zero or one row
-- params: $key (meta key)
-- example: {"key": "reference_vintage"}
select value
from meta
where key = $key
