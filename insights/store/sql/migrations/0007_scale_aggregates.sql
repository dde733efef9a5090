-- 0007: pre-aggregated tables for the pages at a million narratives (insights.analysis.aggregates, issue 12).
-- Derived data only: rebuilt from narratives, coded_excerpts and the codebook by aggregates.refresh(),
-- which every writer of those tables calls in its own transaction. Nothing here is history.

-- Which bit of agg_narratives' masks stands for which theme, category or (category, theme) pair.
create table if not exists agg_bits (
    item_kind  varchar not null,           -- 'theme', 'category' or 'category_theme'
    item_id    varchar not null,           -- theme_id or category_id
    theme_id   varchar not null default '', -- the theme of a 'category_theme' bit ('' otherwise)
    bit        integer not null
);

-- One row per narrative: the shared filter columns, the comparison-group columns and the rating copied from
-- narratives, plus what her coded excerpts add up to: how many, and the set of her themes (coded and
-- cross-cutting), categories and (category, theme) pairs as bit masks. "Count women, not labels" is then one
-- scan of a million narrow rows, with no join to three million excerpts.
create table if not exists agg_narratives (
    narrative_id         varchar not null,
    collected_on         date not null,
    collected_by         varchar not null,
    locality             varchar not null,
    care_stages          varchar[] not null,
    ethnicity            varchar not null,
    ethnic_group         varchar not null,
    core20               boolean,
    imd_decile           tinyint,
    rating               tinyint,
    excerpts             integer not null,   -- her coded excerpts
    theme_mask           ubigint not null,   -- bit agg_bits.bit of each theme she has
    category_mask        ubigint not null,   -- bit of each category she has
    category_theme_mask  uhugeint not null   -- bit of each (category, theme) pair she has
);

-- The quote grouping key of each anonymised wording (insights.quotes.groups.quote_key, in SQL), worked out
-- once when the wording is first stored instead of on every view of the review page.
create table if not exists agg_quote_keys (
    anonymised_text  varchar not null,
    quote_key        varchar not null
);
