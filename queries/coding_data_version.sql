-- name: coding_data_version
-- returns: a fingerprint of the coding that suggestions learn from (number of coded excerpts and an order-free hash of their ids, codes and wording), to key the trained model and its evaluation
-- grain: one row
-- params: none
select
    count(*) as excerpts,
    coalesce(bit_xor(hash(excerpt_id, code_id, excerpt_text)), 0)::varchar as fingerprint
from coded_excerpts
