-- name: agreement_settlement_history
-- returns: the settled disagreements of a sample, newest first: what was decided, by whom and when, and how many excerpts of the coding of record it removed and added
-- grain: one row per settled narrative and category
-- params: $sample_id
-- example: {"sample_id": "S1"}
select
    st.settlement_id,
    st.narrative_id,
    k.name as category,
    st.first_present,
    st.second_present,
    st.outcome,
    st.settled_by,
    st.settled_at,
    json_array_length(st.removed) as excerpts_removed,
    json_array_length(st.added) as excerpts_added,
    st.note
from agreement_settlements as st
left join categories as k on k.category_id = st.category_id
where st.sample_id = $sample_id
order by st.settled_at desc, st.settlement_id desc
