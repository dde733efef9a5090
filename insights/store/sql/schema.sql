-- Maternity Insights: the macros every query shares (DuckDB), re-applied after the migrations on every
-- open (`create or replace`), so they always match this code. Tables live in sql/migrations/ only.

-- The shared sidebar filters, defined once: every filtered query reads from this table macro.
-- An empty list means "all". Deprivation values: 'Core20', 'Not Core20', 'Unknown'.
create or replace macro passes_filters(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation,
    v_collected_on, v_locality, v_care_stages, v_collected_by, v_ethnic_group, v_core20
) as
    v_collected_on between p_start and p_end
    and (len(p_localities) = 0 or list_contains(p_localities, v_locality))
    and (len(p_care_stages) = 0 or len(list_intersect(p_care_stages, v_care_stages)) > 0)
    and (len(p_collectors) = 0 or list_contains(p_collectors, v_collected_by))
    and (len(p_ethnic_groups) = 0 or list_contains(p_ethnic_groups, v_ethnic_group))
    and (
        len(p_deprivation) = 0
        or list_contains(
            p_deprivation,
            case when v_core20 is null then 'Unknown' when v_core20 then 'Core20' else 'Not Core20' end
        )
    );

create or replace macro filtered_narratives(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation
) as table
select n.*
from narratives as n
where passes_filters(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation,
    n.collected_on, n.locality, n.care_stages, n.collected_by, n.ethnic_group, n.core20
);

-- The same filters over the pre-aggregated women (agg_narratives, insights.analysis.aggregates): one row per
-- narrative with her themes, categories and (category, theme) pairs as bit masks (see agg_bits).
create or replace macro filtered_women(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation
) as table
select a.*
from agg_narratives as a
where passes_filters(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation,
    a.collected_on, a.locality, a.care_stages, a.collected_by, a.ethnic_group, a.core20
);

-- A wording's quote grouping key (insights.quotes.groups.quote_key): lower case without redaction tags,
-- punctuation and extra spaces; the wording itself when nothing is left.
create or replace macro quote_key(p_text) as
coalesce(
    nullif(
        trim(
            regexp_replace(
                lower(regexp_replace(p_text, '\[(NAME|PHONE|EMAIL|NHS NUMBER|POSTCODE|ADDRESS|DATE)\]', ' ', 'g')),
                '[^\pL\pN]+',
                ' ',
                'g'
            )
        ),
        ''
    ),
    p_text
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

-- The comparison group(s) of one woman for one "compare by" dimension (p_group_by, a key of
-- insights.analysis.breakdowns.DIMENSIONS; not 'all'). Care stage can give a woman several groups. Detailed
-- ethnicities with fewer than p_min_group women (v_ethnicity_women, counted in the filtered set) are combined
-- within their broad group.
create or replace macro narrative_groups(
    p_group_by, p_min_group, v_care_stages, v_ethnic_group, v_ethnicity, v_ethnicity_women, v_core20,
    v_imd_decile, v_locality
) as
case p_group_by
    when 'care_stage' then
        case when len(v_care_stages) = 0 then ['Not recorded'] else v_care_stages end
    else [
        case p_group_by
            when 'ethnic_group' then v_ethnic_group
            when 'ethnicity' then
                case
                    when v_ethnic_group = 'Not stated' then 'Not stated'
                    when v_ethnicity_women >= p_min_group then v_ethnicity
                    else v_ethnic_group || ' (smaller groups combined)'
                end
            when 'deprivation' then
                case when v_core20 is null then 'Unknown' when v_core20 then 'Core20' else 'Not Core20' end
            when 'imd_quintile' then coalesce(cast(cast(ceil(v_imd_decile / 2) as integer) as varchar), 'Unknown')
            when 'imd_decile' then coalesce(cast(v_imd_decile as varchar), 'Unknown')
            when 'locality' then v_locality
        end
    ]
end;

-- The comparison groups, defined once: each filtered narrative with the group(s) it falls in for one
-- "compare by" dimension, plus every narrative under 'All women'.
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
        unnest(narrative_groups(
            p_group_by, p_min_group, b.care_stages, b.ethnic_group, b.ethnicity, b.ethnicity_women, b.core20,
            b.imd_decile, b.locality
        )) as grp
    from base as b
    where p_group_by <> 'all'
)

select narrative_id, grp from grouped;

-- The same groups over the pre-aggregated women (agg_narratives), carrying each woman's rating and masks.
create or replace macro grouped_women(
    p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation, p_group_by, p_min_group
) as table
with base as (
    select
        a.rating,
        a.theme_mask,
        a.category_mask,
        a.ethnicity,
        a.ethnic_group,
        a.core20,
        a.imd_decile,
        a.locality,
        a.care_stages,
        case when p_group_by = 'ethnicity' then count(*) over (partition by a.ethnicity) end as ethnicity_women
    from filtered_women(p_start, p_end, p_localities, p_care_stages, p_collectors, p_ethnic_groups, p_deprivation) as a
)

select 'All women' as grp, b.rating, b.theme_mask, b.category_mask
from base as b
union all
select
    unnest(narrative_groups(
        p_group_by, p_min_group, b.care_stages, b.ethnic_group, b.ethnicity, b.ethnicity_women, b.core20,
        b.imd_decile, b.locality
    )) as grp,
    b.rating,
    b.theme_mask,
    b.category_mask
from base as b
where p_group_by <> 'all';
