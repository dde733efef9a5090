-- name: narratives_by_month
-- returns: narratives collected per calendar month, with months that have none filled in as 0
-- grain: one row per month between the first and last narrative
-- params: none
with bounds as (
    select
        date_trunc('month', min(collected_on)) as first_month,
        date_trunc('month', max(collected_on)) as last_month
    from narratives
),

months as (
    select unnest(generate_series(first_month, last_month, interval 1 month))::date as month
    from bounds
    where first_month is not null
),

counts as (
    select date_trunc('month', collected_on)::date as month, count(*) as narratives
    from narratives
    group by 1
)

select
    m.month,
    coalesce(c.narratives, 0) as narratives
from months as m
left join counts as c on c.month = m.month
order by m.month
