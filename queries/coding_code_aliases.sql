-- name: coding_code_aliases
-- returns: every name a code has been known by, so a suggestion learned under an old name or id is shown as the code it is now: each code's id, its current label and each label it had before a rename (on the Codebook page, or by a codebook import: codebook_versions), with the code's status now (retired, and the code it was merged into)
-- grain: one row per code and name; rank 0 = the code id, 1 = its current label, 2 = a label it had before
-- params: none
with renamed as (
    select v.object_id as code_id, json_extract_string(v.before, '$.label') as alias
    from codebook_versions as v
    where v.change = 'rename_code' and v.object_type = 'code'
    union all
    select r.key as code_id, r.value ->> '$' as alias
    from codebook_versions as v, json_each(v.before, '$.renamed') as r
    where v.change = 'import'
),

names as (
    select code_id, code_id as alias, 0 as rank from codes
    union all
    select code_id, label as alias, 1 as rank from codes
    union all
    select code_id, alias, 2 as rank from renamed where alias is not null
)

select distinct
    n.alias,
    n.code_id,
    n.rank,
    coalesce(k.retired, false) as retired,
    k.merged_into
from names as n
inner join codes as k on k.code_id = n.code_id
order by n.rank, n.alias, n.code_id
