-- name: coding_queue
-- returns: the narratives still to code (no coded excerpt yet, not set aside: coding_set_aside), newest first, with where and by whom each was collected and how long its note is (no note text)
-- grain: one row per narrative with no coded excerpt that is not set aside
-- params: $start (first collection date), $end (last collection date), $localities (empty list = all), $collectors (collected_by values; empty list = all)
-- example: {"start": "1900-01-01", "end": "2999-12-31", "localities": [], "collectors": []}
-- Whether a narrative has excerpts comes from the pre-aggregated agg_narratives (refreshed in every
-- writer's transaction), not from a scan of every coded excerpt.
select
    n.narrative_id,
    n.collected_on,
    n.locality,
    n.collected_by,
    v.name as venue,
    n.care_stages,
    length(coalesce(n.note, '')) as note_characters
from narratives as n
inner join agg_narratives as a on a.narrative_id = n.narrative_id
left join venues as v on v.venue_id = n.venue_id
where a.excerpts = 0
    and not exists (
        select 1 from coding_set_aside as s where s.narrative_id = n.narrative_id and s.returned_at is null
    )
    and n.collected_on between $start and $end
    and (len($localities) = 0 or list_contains($localities, n.locality))
    and (len($collectors) = 0 or list_contains($collectors, n.collected_by))
order by n.collected_on desc, n.narrative_id desc
