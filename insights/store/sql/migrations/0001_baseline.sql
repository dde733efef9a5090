-- 0001: the schema of the release before migrations (tables and the audit sequence). Frozen: a change
-- to a table is a new numbered migration. The macros live in ../schema.sql, re-applied on every open.
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

-- Derived at import (insights.store.db.refresh_narrative_items): each woman's distinct themes and
-- categories from her coded excerpts, incl. her codes' cross-cutting themes. "Count women, not
-- labels" then needs no distinct over millions of excerpts at page time.
create table if not exists narrative_items (
    narrative_id  varchar not null,
    item_kind     varchar not null,            -- 'theme' or 'category'
    item_id       varchar not null
);

