-- name: rating_distribution_by_group
-- returns: how many women gave each rating from 1 to 10 (zeros included) in each group and in 'All women', with the group's size, how many gave a rating, and the mean and median rating
-- grain: one row per group and rating (1-10); groups with no women are absent
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $group_by (a key of insights.breakdowns.DIMENSIONS, or 'all'), $min_group (detailed ethnicities with fewer women are combined within their broad group)
-- example: {"group_by": "ethnic_group", "min_group": 8}
with base as (
    select
        n.narrative_id,
        n.rating,
        n.ethnicity,
        n.ethnic_group,
        n.core20,
        n.imd_decile,
        n.locality,
        n.care_stages,
        count(*) over (partition by n.ethnicity) as ethnicity_women
    from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
),

-- grouping: begin (identical in every *_by_group / *_for_cell query; tests check it)
grouped as (
    select b.narrative_id, 'All women' as grp
    from base as b
    union all
    select
        b.narrative_id,
        unnest(
            case $group_by
                when 'care_stage' then
                    case when len(b.care_stages) = 0 then ['Not recorded'] else b.care_stages end
                else [
                    case $group_by
                        when 'ethnic_group' then b.ethnic_group
                        when 'ethnicity' then
                            case
                                when b.ethnic_group = 'Not stated' then 'Not stated'
                                when b.ethnicity_women >= $min_group then b.ethnicity
                                else b.ethnic_group || ' (smaller groups combined)'
                            end
                        when 'deprivation' then
                            case when b.core20 is null then 'Unknown' when b.core20 then 'Core20' else 'Not Core20' end
                        when 'imd_quintile' then coalesce(cast(cast(ceil(b.imd_decile / 2) as integer) as varchar), 'Unknown')
                        when 'imd_decile' then coalesce(cast(b.imd_decile as varchar), 'Unknown')
                        when 'locality' then b.locality
                    end
                ]
            end
        ) as grp
    from base as b
    where $group_by <> 'all'
),
-- grouping: end

rated as (
    select g.grp, b.rating
    from grouped as g
    inner join base as b on b.narrative_id = g.narrative_id
),

summary as (
    select
        grp,
        count(*) as group_women,
        count(rating) as group_rated,
        avg(rating) as mean_rating,
        median(rating) as median_rating
    from rated
    group by grp
),

counts as (
    select grp, rating, count(*) as women
    from rated
    where rating is not null
    group by grp, rating
)

select
    s.grp,
    r.rating::integer as rating,
    coalesce(c.women, 0) as women,
    s.group_women,
    s.group_rated,
    s.mean_rating,
    s.median_rating
from summary as s
cross join range(1, 11) as r (rating)
left join counts as c on c.grp = s.grp and c.rating = r.rating
order by s.grp, r.rating
