-- 0002: undo a mistaken import (insights.ingest.undo).
-- imports gain who withdrew them and when; every import made from now on records, per row it
-- inserted or updated, the row's key and (for an update) the row as it was before, so withdrawing
-- the import can remove what it added and restore what it changed.
alter table imports add column if not exists withdrawn_at timestamp;
alter table imports add column if not exists withdrawn_by varchar;
-- true for imports that recorded their row changes (made after this migration): only those can be undone
alter table imports add column if not exists undoable boolean default false;

create table if not exists import_changes (
    import_id   varchar not null,
    table_name  varchar not null,          -- venues / narratives / coded_excerpts / engagement_log / engagement_packs
    row_key     varchar not null,          -- the row's id (entry_id for engagement_packs)
    change      varchar not null,          -- 'insert' or 'update'
    before      varchar                    -- JSON of the row before an update (a list of rows for engagement_packs)
);
-- No primary key on purpose: a million-row import would otherwise build an index of a million keys
-- that only the rare undo reads (it filters on import_id; one import never names a row twice).
