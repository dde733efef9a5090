-- name: data_quality_checks
-- returns: data-quality checks with the number of rows affected and the total they are out of
-- grain: one row per check
-- params: none
with n as (
    select count(*) as total from narratives
),

e as (
    select count(*) as total from coded_excerpts
),

checks as (
    select 1 as sort_order, 'Narratives with an unknown postcode (not in the lookup)' as check_name,
        count(*) filter (where postcode_status = 'unknown') as affected, (select total from n) as out_of
    from narratives
    union all
    select 2, 'Narratives with a terminated postcode (area from its last LSOA)',
        count(*) filter (where postcode_status = 'terminated'), (select total from n)
    from narratives
    union all
    select 3, 'Narratives with a malformed postcode',
        count(*) filter (where postcode_status = 'malformed'), (select total from n)
    from narratives
    union all
    select 4, 'Narratives with no postcode',
        count(*) filter (where postcode_status = 'missing'), (select total from n)
    from narratives
    union all
    select 5, 'Narratives with ethnicity not stated',
        count(*) filter (where ethnicity = 'Not stated'), (select total from n)
    from narratives
    union all
    select 6, 'Narratives with no rating',
        count(*) filter (where rating is null), (select total from n)
    from narratives
    union all
    select 7, 'Narratives with no care stage recorded',
        count(*) filter (where len(care_stages) = 0), (select total from n)
    from narratives
    union all
    select 8, 'Narratives with no coded excerpt',
        count(*) filter (where not exists (
            select 1 from coded_excerpts as x where x.narrative_id = narratives.narrative_id
        )), (select total from n)
    from narratives
    union all
    select 9, 'Narratives whose venue is not in the venues table',
        count(*) filter (where venue_id is not null and venue_id not in (select venue_id from venues)),
        (select total from n)
    from narratives
    union all
    select 10, 'Coded excerpts whose narrative is missing',
        count(*) filter (where narrative_id not in (select narrative_id from narratives)), (select total from e)
    from coded_excerpts
    union all
    select 11, 'Coded excerpts not yet anonymised',
        count(*) filter (where anonymised_text is null), (select total from e)
    from coded_excerpts
    union all
    select 12, 'Venues without map coordinates',
        count(*) filter (where lon is null or lat is null), (select count(*) from venues)
    from venues
)

select
    check_name,
    affected,
    out_of,
    round(100.0 * affected / nullif(out_of, 0), 1) as percent
from checks
order by sort_order
