-- 0006: the codebook managed in the app (insights.coding.manage, issue 15).
-- Codes are never deleted: a retired or merged code keeps its row (and its excerpts' history), with the
-- dates it was valid and, when merged, the code it went into, so a view of an older period still
-- explains its labels ("merged into X on date"). Every change to the codebook is one numbered version
-- with who, when, what and the affected object's before/after (JSON), written in the change's own
-- transaction together with its audit row.
alter table codes add column if not exists retired boolean default false;
alter table codes add column if not exists valid_from date;        -- null: in the codebook from the start
alter table codes add column if not exists valid_to date;          -- null: still current
alter table codes add column if not exists merged_into varchar;    -- code_id it was merged into (retired)
alter table categories add column if not exists valid_from date;   -- null: Figure 2 from the start

create table if not exists codebook_versions (
    version      integer primary key,          -- 1, 2, 3, ... one per change
    changed_at   timestamp not null,           -- UTC
    changed_by   varchar not null,
    change       varchar not null,             -- add_code / rename_code / retire_code / merge_codes /
                                               -- add_category / rename_category / import
    object_type  varchar not null,             -- code / category / codebook
    object_id    varchar,                      -- code_id or category_id (null for an import)
    summary      varchar not null,             -- one plain-English line
    before       varchar,                      -- JSON of the object before (null when added)
    after        varchar                       -- JSON of the object after
);
