-- name: trend_by_period
-- returns: women whose narratives were collected in each month or quarter, with how many gave a rating and the median and mean rating; periods with none are kept as 0 so gaps show
-- grain: one row per period from the first to the last narrative in the database (within the filter's dates)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $period ('month' or 'quarter')
-- example: {"period": "quarter"}
with base as (
    select n.collected_on, n.rating
    from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
),

bounds as (
    select
        date_trunc($period, greatest(min(collected_on), $start::date))::date as first_period,
        date_trunc($period, least(max(collected_on), $end::date))::date as last_period
    from narratives
),

periods as (
    select
        unnest(
            generate_series(
                first_period,
                last_period,
                case when $period = 'quarter' then interval 3 month else interval 1 month end
            )
        )::date as period_start
    from bounds
    where first_period is not null and first_period <= last_period
),

counts as (
    select
        date_trunc($period, collected_on)::date as period_start,
        count(*) as women,
        count(rating) as rated,
        median(rating) as median_rating,
        avg(rating) as mean_rating
    from base
    group by 1
)

select
    p.period_start,
    coalesce(c.women, 0) as women,
    coalesce(c.rated, 0) as rated,
    c.median_rating,
    c.mean_rating
from periods as p
left join counts as c on c.period_start = p.period_start
order by p.period_start
