-- 0009: coding polish (insights.coding.set_aside, issues 14 and 12).
-- A coder can set a narrative aside from the Coding queue ("not codeable" or "skip for now", with a
-- reason); the officer can put it back. Each setting-aside is one row, never deleted: putting it back
-- fills in who and when, so the history of a narrative's queue decisions is kept (and audited).
create table if not exists coding_set_aside (
    set_aside_id  varchar primary key,
    narrative_id  varchar not null,
    kind          varchar not null,          -- 'not codeable' or 'skip for now'
    reason        varchar not null,          -- the coder's words (restricted like the note: officer and coders)
    set_by        varchar not null,
    set_at        timestamp not null,
    returned_by   varchar,                   -- the officer who put it back in the queue (null: still set aside)
    returned_at   timestamp,
    return_note   varchar
);

-- narrative_items (each woman's themes and categories, derived from her coded excerpts) has been read by
-- nothing since 0007's agg_narratives replaced it, and written by nothing: derived data, not history.
drop table if exists narrative_items;
