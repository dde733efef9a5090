-- name: rating_distribution_by_group
-- returns: how many women gave each rating from 1 to 10 (zeros included) in each group and in 'All women', with the group's size, how many gave a rating, and the mean and median rating
-- grain: one row per group and rating (1-10); groups with no women are absent
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $group_by (a key of insights.analysis.breakdowns.DIMENSIONS, or 'all'), $min_group (detailed ethnicities with fewer women are combined within their broad group)
-- example: {"group_by": "ethnic_group", "min_group": 8}
-- the comparison groups over the pre-aggregated women (grouped_women, insights/store/sql/schema.sql), which
-- carry each woman's rating: no join back to the narratives
with rated as (
    select g.grp, g.rating
    from grouped_women(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation, $group_by, $min_group
    ) as g
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
