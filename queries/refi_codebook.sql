-- name: refi_codebook
-- returns: the codebook as stored: every code with its category (name, polarity, order), for REFI-QDA and CSV export
-- grain: one row per code
-- params: none
select
    c.code_id,
    c.category_id,
    k.name as category,
    k.polarity,
    k.sort_order,
    c.label,
    c.cross_cutting
from codes as c
inner join categories as k on k.category_id = c.category_id
order by k.sort_order, c.code_id
