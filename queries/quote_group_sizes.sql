-- name: quote_group_sizes
-- returns: how many women (narratives) each broad group has among the quotes in a pool, so that a group filter is offered only where the group is large enough ('review' = every anonymised excerpt, 'approved' = approved quotes)
-- grain: one row per dimension (Ethnic group, Deprivation) and group value
-- params: $pool ('review' or 'approved')
-- example: {"pool": "review"}
with latest as (
    select excerpt_id, status
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

pool as (
    select distinct e.narrative_id
    from coded_excerpts as e
    left join latest as l on l.excerpt_id = e.excerpt_id
    where e.anonymised_text is not null
        and ($pool = 'review' or coalesce(l.status, 'pending') = 'approved')
),

women as (
    select
        n.ethnic_group,
        case when n.core20 then 'Core20' when not n.core20 then 'Not Core20' else 'Unknown' end as deprivation
    from pool as p
    inner join narratives as n on n.narrative_id = p.narrative_id
)

select 'Ethnic group' as dimension, ethnic_group as value, count(*) as women
from women
group by all
union all
select 'Deprivation' as dimension, deprivation as value, count(*) as women
from women
group by all
order by dimension, value
