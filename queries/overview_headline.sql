-- name: overview_headline
-- returns: the headline figures for the filtered narratives: women, women whose home area is known and how many of them live in Core20 areas, women who stated their ethnicity and how many of them are from an ethnic minority group (every group except White British), women who gave a rating with the mean and median, and the first and last day a narrative was collected
-- grain: one row
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters)
select
    count(*) as women,
    count(n.core20) as area_known,
    count(*) filter (where n.core20) as core20,
    count(*) filter (where n.ethnicity <> 'Not stated') as ethnicity_stated,
    count(*) filter (where n.ethnicity not in ('Not stated', 'White British')) as ethnic_minority,
    count(n.rating) as rated,
    avg(n.rating) as mean_rating,
    median(n.rating) as median_rating,
    min(n.collected_on) as first_day,
    max(n.collected_on) as last_day
from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
