-- name: refi_codebook
-- returns: the codebook as stored: every code with its category (name, polarity, order), whether it is retired, and how many excerpts it codes, for REFI-QDA and CSV export
-- grain: one row per code (retired and merged codes included: callers choose)
-- params: none
with used as (
    select code_id, count(*) as excerpts
    from coded_excerpts
    group by code_id
)

select
    c.code_id,
    c.category_id,
    k.name as category,
    k.polarity,
    k.sort_order,
    c.label,
    c.cross_cutting,
    coalesce(c.retired, false) as retired,
    coalesce(u.excerpts, 0) as excerpts
from codes as c
inner join categories as k on k.category_id = c.category_id
left join used as u on u.code_id = c.code_id
order by k.sort_order, c.code_id
