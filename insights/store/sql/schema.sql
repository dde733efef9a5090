-- Maternity Insights: the macros every query shares (DuckDB), re-applied after the migrations on every
-- open (`create or replace`), so they always match this code. Tables live in sql/migrations/ only.

-- The shared sidebar filters, defined once: every filtered query reads from this table macro.
-- An empty list means "all". Deprivation values: 'Core20', 'Not Core20', 'Unknown'.
create or replace macro filtered_narratives(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation
) as table
select n.*
from narratives as n
where n.collected_on between p_start and p_end
    and (len(p_localities) = 0 or list_contains(p_localities, n.locality))
    and (len(p_care_stages) = 0 or len(list_intersect(p_care_stages, n.care_stages)) > 0)
    and (len(p_collectors) = 0 or list_contains(p_collectors, n.collected_by))
    and (len(p_ethnic_groups) = 0 or list_contains(p_ethnic_groups, n.ethnic_group))
    and (
        len(p_deprivation) = 0
        or list_contains(
            p_deprivation,
            case when n.core20 is null then 'Unknown' when n.core20 then 'Core20' else 'Not Core20' end
        )
    );

-- The audit trail's hash chain (insights.access.audit): each entry's hash covers the previous entry's hash
-- and its own fields, so an entry edited or deleted outside the app breaks the chain.
create or replace macro audit_row_hash(
    p_prev, p_id, p_logged_at, p_actor, p_role, p_action, p_object_type, p_object_id, p_details
) as sha256(
    p_prev || to_json(list_value(
        cast(p_id as varchar), cast(p_logged_at as varchar), p_actor, p_role, p_action,
        p_object_type, p_object_id, p_details
    ))::varchar
);

-- The comparison groups, defined once: each filtered narrative with the group(s) it falls in for one
-- "compare by" dimension, plus every narrative under 'All women'. Care stage can give a woman several
-- groups. Detailed ethnicities with fewer than p_min_group women are combined within their broad group.
create or replace macro grouped_narratives(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation, p_group_by, p_min_group
) as table
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
    from filtered_narratives(p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation) as n
),

grouped as (
    select b.narrative_id, 'All women' as grp
    from base as b
    union all
    select
        b.narrative_id,
        unnest(
            case p_group_by
                when 'care_stage' then
                    case when len(b.care_stages) = 0 then ['Not recorded'] else b.care_stages end
                else [
                    case p_group_by
                        when 'ethnic_group' then b.ethnic_group
                        when 'ethnicity' then
                            case
                                when b.ethnic_group = 'Not stated' then 'Not stated'
                                when b.ethnicity_women >= p_min_group then b.ethnicity
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
    where p_group_by <> 'all'
)

select narrative_id, grp from grouped;
