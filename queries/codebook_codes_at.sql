-- name: codebook_codes_at
-- returns: the codes that were in the codebook on a given day (added on or before it, not yet retired or merged on it), with what has happened to each since ("merged into X on date"), so a view of an older period can be read with the codebook of its time
-- grain: one row per code in use on that day, in codebook order
-- params: $on (date)
-- example: {"on": "2024-01-01"}
select
    c.code_id,
    c.label,
    k.name as category,
    case
        when c.merged_into is not null
            then 'merged into ' || coalesce(m.label, c.merged_into) || ' (' || c.merged_into || ') on '
            || strftime(c.valid_to, '%d %b %Y')
        when coalesce(c.retired, false)
            then 'retired on ' || coalesce(strftime(c.valid_to, '%d %b %Y'), 'an unknown date')
        else 'still current'
    end as since
from codes as c
inner join categories as k on k.category_id = c.category_id
left join codes as m on m.code_id = c.merged_into
where
    coalesce(c.valid_from, date '1900-01-01') <= $on::date
    and (c.valid_to is null or c.valid_to > $on::date)
    and (not coalesce(c.retired, false) or c.valid_to is not null)
order by k.sort_order, c.code_id
