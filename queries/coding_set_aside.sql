-- name: coding_set_aside
-- returns: the narratives set aside from the coding queue and not put back yet (insights.coding.set_aside), newest setting-aside first, with why (kind and the coder's reason), who and when, and where and by whom the narrative was collected (no note text); a narrative coded since is not listed
-- grain: one row per narrative set aside now
-- params: $start (first collection date), $end (last collection date), $localities (empty list = all), $collectors (collected_by values; empty list = all; as the coding queue)
-- example: {"start": "1900-01-01", "end": "2999-12-31", "localities": [], "collectors": []}
select
    s.narrative_id,
    n.collected_on,
    n.locality,
    n.collected_by,
    s.kind,
    s.reason,
    s.set_by,
    s.set_at
from coding_set_aside as s
inner join narratives as n on n.narrative_id = s.narrative_id
inner join agg_narratives as a on a.narrative_id = n.narrative_id
where s.returned_at is null
    and a.excerpts = 0
    and n.collected_on between $start and $end
    and (len($localities) = 0 or list_contains($localities, n.locality))
    and (len($collectors) = 0 or list_contains($collectors, n.collected_by))
order by s.set_at desc, s.narrative_id
