-- Maternity Insights schema (DuckDB). Created once per database; see DESIGN.md "Data model".
-- Referential rules are checked by insights.ingest.load (DuckDB foreign keys would block upserts).

create table if not exists meta (
    key   varchar primary key,
    value varchar not null
);

-- Reference geography (one vintage per database: the postcode lookup and IMD share an LSOA vintage).
create table if not exists lsoa (
    lsoa_code       varchar primary key,
    lsoa_name       varchar not null,
    lad_code        varchar not null,
    lad_name        varchar not null,
    locality        varchar not null,          -- Dartford / Gravesham / Swanley / Other
    imd_rank        integer,
    imd_decile      tinyint,                   -- national decile, 1 = most deprived 10%
    core20          boolean,                   -- imd_decile in (1, 2)
    live_postcodes  integer not null default 0,
    centroid_lon    double,
    centroid_lat    double,
    boundary        varchar                    -- GeoJSON geometry (WGS84) as text
);

create table if not exists postcodes (
    postcode           varchar primary key,    -- normalised, e.g. 'DA11 0DL' (reference data only)
    postcode_district  varchar not null,
    lsoa_code          varchar not null,
    lad_code           varchar not null,
    introduced         varchar,                -- yyyymm
    terminated         varchar,                -- yyyymm, null while live
    lon                double,
    lat                double
);

-- Codebook: Figure 2 of the report plus the project's code list.
create table if not exists themes (
    theme_id       varchar primary key,        -- care_and_support, barriers, judgement, ...
    name           varchar not null,
    cross_cutting  boolean not null,
    description    varchar not null,
    sort_order     integer not null
);

create table if not exists categories (
    category_id  varchar primary key,          -- slug of the name
    name         varchar not null unique,
    polarity     varchar not null,             -- positive / negative / mixed / unmet need
    sort_order   integer not null
);

create table if not exists theme_categories (
    theme_id     varchar not null,
    category_id  varchar not null,
    primary key (theme_id, category_id)
);

create table if not exists codes (
    code_id      varchar primary key,
    category_id  varchar not null,
    label        varchar not null unique,
    cross_cutting varchar not null default ''  -- ';'-separated: infrastructure, communication
);

-- Provenance of every load.
create table if not exists imports (
    import_id      varchar primary key,
    kind           varchar not null,           -- narratives / excerpts / engagement / venues / demo
    file_name      varchar not null,
    sha256         varchar not null,
    imported_at    timestamp not null,
    imported_by    varchar not null,
    rows_total     integer not null,
    rows_accepted  integer not null,
    rows_rejected  integer not null,
    rows_inserted  integer not null,
    rows_updated   integer not null,
    rows_unchanged integer not null,
    mode           varchar not null            -- 'all-or-nothing' or 'skip-invalid-rows'
);

create table if not exists venues (
    venue_id           varchar primary key,
    name               varchar not null,
    venue_type         varchar not null,
    postcode           varchar,                -- a public venue's postcode (not personal data)
    postcode_district  varchar,
    lsoa_code          varchar,
    locality           varchar,
    lon                double,
    lat                double,
    active             boolean not null default true,
    import_id          varchar
);

-- One row per woman's narrative. The full postcode is resolved at import and NOT stored.
create table if not exists narratives (
    narrative_id       varchar primary key,
    collected_on       date not null,
    collected_by       varchar not null,       -- Engagement officer / Community connector
    collector_ref      varchar,
    venue_id           varchar,
    postcode_district  varchar,
    postcode_status    varchar not null,       -- ok / terminated / unknown / malformed / missing
    lsoa_code          varchar,
    imd_decile         tinyint,
    core20             boolean,
    locality           varchar not null,       -- Dartford / Gravesham / Swanley / Other / Unknown
    ethnicity          varchar not null,       -- ONS 2021 (19 categories) or 'Not stated'
    ethnic_group       varchar not null,       -- Asian / Black / Mixed / White / Other / Not stated
    rating             tinyint,                -- 1-10, null when not given
    care_stages        varchar[] not null,     -- antenatal / labour and birth / postnatal
    first_baby         boolean,
    age_band           varchar,
    provider           varchar,
    note               varchar not null,       -- restricted: engagement officer only
    import_id          varchar
);

create table if not exists coded_excerpts (
    excerpt_id        varchar primary key,
    narrative_id      varchar not null,
    code_id           varchar not null,
    theme_id          varchar not null,        -- allowed for the code's category by Figure 2
    care_stage        varchar,
    excerpt_text      varchar not null,        -- restricted: engagement officer only
    anonymised_text   varchar,                 -- filled by the anonymiser at import
    anonymiser        varchar,                 -- which anonymiser (and version) produced it
    import_id         varchar
);

create table if not exists quote_reviews (
    review_id     varchar primary key,
    excerpt_id    varchar not null,
    status        varchar not null,            -- pending / approved / rejected
    reviewer      varchar not null,
    reviewed_at   timestamp not null,
    edited_text   varchar,
    note          varchar
);

create table if not exists engagement_log (
    entry_id              varchar primary key,
    activity_date         date not null,
    venue_id              varchar not null,
    activity_type         varchar not null,
    women_engaged         integer not null,
    narratives_collected  integer not null,
    connectors_present    integer not null,
    note                  varchar,
    import_id             varchar
);

create table if not exists engagement_packs (
    entry_id  varchar not null,
    language  varchar not null,
    packs     integer not null,
    primary key (entry_id, language)
);

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

-- Append-only audit trail: who did what, when (ids and counts, never excerpt or note text).
create sequence if not exists audit_seq;
create table if not exists audit_log (
    audit_id    bigint primary key default nextval('audit_seq'),
    logged_at   timestamp not null,
    actor       varchar not null,
    role        varchar,
    action      varchar not null,      -- import, quote_review, export, download, engagement_edit, venue_edit, sign_in
    object_type varchar,
    object_id   varchar,
    details     varchar,               -- JSON: ids, counts, file names
    prev_hash   varchar not null default '',  -- row_hash of the previous entry ('' for the first)
    row_hash    varchar not null default ''   -- audit_row_hash(...) of this entry: a hash chain
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

-- Derived at import (insights.store.db.refresh_narrative_items): each woman's distinct themes and
-- categories from her coded excerpts, incl. her codes' cross-cutting themes. "Count women, not
-- labels" then needs no distinct over millions of excerpts at page time.
create table if not exists narrative_items (
    narrative_id  varchar not null,
    item_kind     varchar not null,            -- 'theme' or 'category'
    item_id       varchar not null
);

