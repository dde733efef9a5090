-- name: quote_group_sizes
-- returns: how many women (narratives) each broad group has among the quotes in a pool, so that a group filter is offered only where the group is large enough ('review' = every anonymised excerpt, 'approved' = approved quotes). The review pool is read from the pre-aggregated women (agg_narratives: women with excerpts), less the few whose excerpts are all unanonymised
-- grain: one row per dimension (Ethnic group, Deprivation) and group value
-- params: $pool ('review' or 'approved')
-- example: {"pool": "review"}
with latest as (
    select excerpt_id, status
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

unanonymised as (
    -- women with an excerpt that could not be anonymised (usually none) ...
    select distinct narrative_id
    from coded_excerpts
    where anonymised_text is null
),

without_quotes as (
    -- ... and of those, the ones with no anonymised excerpt at all
    select u.narrative_id
    from unanonymised as u
    anti join (
        select narrative_id
        from coded_excerpts
        where anonymised_text is not null
            and narrative_id in (select narrative_id from unanonymised)
    ) as q on q.narrative_id = u.narrative_id
),

pool as (
    select a.ethnic_group, a.core20
    from agg_narratives as a
    where $pool = 'review'
        and a.excerpts > 0
        and a.narrative_id not in (select narrative_id from without_quotes)
    union all
    select n.ethnic_group, n.core20
    from narratives as n
    where $pool <> 'review'
        and n.narrative_id in (
            select e.narrative_id
            from coded_excerpts as e
            inner join latest as l on l.excerpt_id = e.excerpt_id
            where e.anonymised_text is not null and l.status = 'approved'
        )
),

women as (
    select
        ethnic_group,
        case when core20 then 'Core20' when not core20 then 'Not Core20' else 'Unknown' end as deprivation
    from pool
)

select 'Ethnic group' as dimension, ethnic_group as value, count(*) as women
from women
group by all
union all
select 'Deprivation' as dimension, deprivation as value, count(*) as women
from women
group by all
order by dimension, value
