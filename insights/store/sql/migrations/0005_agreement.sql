-- 0005: agreement between coders (insights.coding.agreement, issue 14).
-- The officer draws a sample of already-coded narratives for a second coder; the first coding of each
-- sampled narrative is kept as it was when the sample was drawn (the statistics compare against it,
-- however the coding of record changes later); the second coder's excerpts are stored apart from
-- coded_excerpts; each disagreement the officer settles is kept with the excerpt rows it removed from
-- and added to the coding of record.

create table if not exists agreement_samples (
    sample_id     varchar primary key,
    drawn_at      timestamp not null,
    drawn_by      varchar not null,
    second_coder  varchar not null,          -- user name of the second coder (as the app names the actor)
    size          integer not null,          -- narratives drawn
    seed          integer not null,          -- random seed of the draw (same seed + same data = same sample)
    selection     varchar                    -- JSON: the filters the eligible narratives were drawn from
);

create table if not exists agreement_assignments (
    sample_id     varchar not null,
    narrative_id  varchar not null,
    coder         varchar not null,
    finished_at   timestamp,                 -- when the second coder saved this narrative's coding
    primary key (sample_id, narrative_id)
);

-- The first coding of each sampled narrative at the time of the draw (never shown to the second coder).
create table if not exists agreement_first_excerpts (
    sample_id     varchar not null,
    narrative_id  varchar not null,
    excerpt_id    varchar not null,
    code_id       varchar not null,
    category_id   varchar not null,
    theme_id      varchar not null,
    excerpt_text  varchar not null
);

-- The second coder's blind coding (restricted like coded_excerpts: officer and that coder only).
create table if not exists agreement_excerpts (
    agreement_excerpt_id  varchar primary key,
    sample_id     varchar not null,
    narrative_id  varchar not null,
    coder         varchar not null,
    code_id       varchar not null,
    category_id   varchar not null,          -- the code's category when it was coded
    theme_id      varchar not null,          -- allowed for the code's category by Figure 2
    care_stage    varchar,
    excerpt_text  varchar not null,          -- a verbatim span of the note
    coded_at      timestamp not null
);

-- One row per settled disagreement (narrative x category); removed/added hold the coded_excerpts rows
-- taken out of and put into the coding of record (JSON lists of whole rows), so nothing is lost.
create table if not exists agreement_settlements (
    settlement_id  varchar primary key,
    sample_id      varchar not null,
    narrative_id   varchar not null,
    category_id    varchar not null,
    first_present  boolean not null,
    second_present boolean not null,
    outcome        varchar not null,         -- absent / first / second / both
    settled_by     varchar not null,
    settled_at     timestamp not null,
    note           varchar,
    removed        varchar not null,         -- JSON list of the coded_excerpts rows removed
    added          varchar not null,         -- JSON list of the coded_excerpts rows added
    unique (sample_id, narrative_id, category_id)
);
