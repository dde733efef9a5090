-- Rows of agg_quote_contexts (migration 0008) for every anonymised wording, or ({where_w}, a fixed text from
-- insights.analysis.aggregates) only for the wordings listed in _agg_wordings. Left joins: an excerpt whose
-- code or narrative is missing still counts in its wording's group (the review list leaves it out of the
-- matching contexts, as its inner joins did).
insert into agg_quote_contexts
select
    x.anonymised_text,
    k.quote_key,
    x.theme_id,
    co.category_id,
    x.care_stage,
    n.ethnic_group,
    n.core20,
    count(*) as excerpts,
    min(x.excerpt_id) as first_excerpt_id
from coded_excerpts as x
inner join agg_quote_keys as k on k.anonymised_text = x.anonymised_text
left join codes as co on co.code_id = x.code_id
left join narratives as n on n.narrative_id = x.narrative_id
{where_w}
group by x.anonymised_text, k.quote_key, x.theme_id, co.category_id, x.care_stage, n.ethnic_group, n.core20
