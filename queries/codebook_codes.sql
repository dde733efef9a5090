-- name: codebook_codes
-- returns: every code ever in the codebook (current, retired and merged) with its category, the excerpts coded with it, the dates it was valid and a plain status ("merged into X on date") that explains older periods
-- grain: one row per code, in codebook order
-- params: none
with excerpt_counts as (
    select code_id, count(*) as excerpts
    from coded_excerpts
    group by code_id
)

select
    c.code_id,
    c.label,
    c.category_id,
    k.name as category,
    c.cross_cutting,
    coalesce(c.retired, false) as retired,
    coalesce(e.excerpts, 0) as excerpts,
    c.valid_from,
    c.valid_to,
    c.merged_into,
    case
        when c.merged_into is not null
            then 'merged into ' || coalesce(m.label, c.merged_into) || ' (' || c.merged_into || ') on '
            || strftime(c.valid_to, '%d %b %Y')
        when coalesce(c.retired, false)
            then 'retired on ' || coalesce(strftime(c.valid_to, '%d %b %Y'), 'an unknown date')
        else 'current'
    end as status
from codes as c
inner join categories as k on k.category_id = c.category_id
left join codes as m on m.code_id = c.merged_into
left join excerpt_counts as e on e.code_id = c.code_id
order by k.sort_order, coalesce(c.retired, false), c.code_id
