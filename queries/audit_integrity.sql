-- name: audit_integrity
-- returns: the audit trail's hash-chain check: entries, entries whose hash or link is broken, the first broken entry and the chain head
-- grain: one row
-- params: none
with chained as (
    select
        audit_id,
        prev_hash,
        row_hash,
        lag(row_hash, 1, '') over (order by audit_id) as expected_prev_hash,
        audit_row_hash(
            prev_hash, audit_id, logged_at, actor, role, action, object_type, object_id, details
        ) as recomputed_hash
    from audit_log
),

broken as (
    select audit_id
    from chained
    where prev_hash is distinct from expected_prev_hash
        or row_hash is distinct from recomputed_hash
)

select
    (select count(*) from chained) as entries,
    (select count(*) from broken) as broken_entries,
    (select min(audit_id) from broken) as first_broken_id,
    (select max_by(row_hash, audit_id) from chained) as chain_head
