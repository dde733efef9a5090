-- 0008: the review list's quotes pre-aggregated per anonymised wording and context (insights.analysis.aggregates,
-- issue 12). Derived data only: rebuilt from coded_excerpts, narratives, codes and agg_quote_keys by
-- aggregates.refresh(), which every writer of those tables calls in its own transaction. Nothing here is history.

-- One row per anonymised wording and context: the excerpt's theme, category and care stage and the woman's
-- ethnic group and Core20 flag (the filters of the Quote review page), with how many excerpts share them and
-- the first of them (lowest excerpt id). The review list (queries/quote_groups.sql) filters and groups these
-- rows (a few tens of thousands at a million narratives) instead of three million excerpts; review decisions
-- are not copied here (they are read live from quote_reviews).
create table if not exists agg_quote_contexts (
    anonymised_text   varchar not null,
    quote_key         varchar not null,   -- agg_quote_keys.quote_key of the wording
    theme_id          varchar not null,
    category_id       varchar,            -- null when the excerpt's code is not in the codebook
    care_stage        varchar,
    ethnic_group      varchar,            -- null when the excerpt's narrative is missing
    core20            boolean,
    excerpts          integer not null,
    first_excerpt_id  varchar not null    -- the lowest excerpt id with this wording and context
);

-- The engagement log per venue and day (the Reach page's venue, pack and Core20 figures read these instead of
-- joining 1.3 million log entries to 2.3 million pack rows on every view). Derived only: rebuilt by
-- aggregates.refresh_engagement(), which the one write path of the engagement log (insights.ingest.load.commit,
-- used by imports and the Engagement log form) and the undo call in their own transaction.
create table if not exists agg_venue_days (
    venue_id              varchar,
    activity_date         date,
    entries               integer not null,   -- log entries (visits)
    women_engaged         bigint,             -- sums (null when every entry's value is null)
    narratives_collected  bigint,
    packs                 bigint not null,    -- packs left, all languages
    entries_with_packs    integer not null    -- entries that left at least one pack
);

create table if not exists agg_venue_day_packs (
    venue_id       varchar,
    activity_date  date,
    language       varchar,
    packs          bigint not null
);
