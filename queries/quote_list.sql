-- name: quote_list
-- returns: anonymised excerpts for MNVP review with coarse context only (theme, category, polarity, care stage) and their current review status; ranked by BM25 relevance when searching (matched = the index terms found)
-- grain: one row per excerpt, one page of at most $page_size rows; total_rows repeats the number of matching excerpts
-- params: $terms (search index terms, empty = no search), $themes (theme ids), $categories (category ids), $polarities, $care_stages, $statuses, $ethnic_groups, $core20 ('Core20' / 'Not Core20'), $page_size, $page_offset
-- example: {"terms": ["midwif"], "themes": [], "categories": [], "polarities": [], "statuses": [], "core20": [], "page_size": 20, "page_offset": 0}
with latest as (
    select excerpt_id, status, reviewer, reviewed_at, edited_text
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

query_terms as (
    select d.termid, d.term, d.df
    from fts_main_coded_excerpts.dict as d
    where list_contains($terms::varchar[], d.term)
),

term_freq as (
    select t.docid, t.termid, count(*) as tf
    from fts_main_coded_excerpts.terms as t
    where t.termid in (select termid from query_terms)
    group by all
),

scores as (
    -- BM25 (k1 = 1.2, b = 0.75), as the fts extension's match_bm25, in one pass over the query terms
    select
        doc.name as excerpt_id,
        sum(
            ln((st.num_docs - q.df + 0.5) / (q.df + 0.5) + 1)
            * (f.tf * 2.2) / (f.tf + 1.2 * (0.25 + 0.75 * doc.len / st.avgdl))
        ) as score,
        list(distinct q.term order by q.term) as matched
    from term_freq as f
    inner join query_terms as q on q.termid = f.termid
    inner join fts_main_coded_excerpts.docs as doc on doc.docid = f.docid
    cross join fts_main_coded_excerpts.stats as st
    group by doc.name
),

matching as (
    select
        e.excerpt_id,
        e.anonymised_text as quote,
        th.name as theme,
        c.name as category,
        c.polarity,
        e.care_stage,
        coalesce(l.status, 'pending') as status,
        l.reviewer,
        l.reviewed_at,
        l.edited_text,
        s.score,
        coalesce(s.matched, []::varchar[]) as matched,
        th.sort_order as theme_order,
        c.sort_order as category_order
    from coded_excerpts as e
    inner join codes as co on co.code_id = e.code_id
    inner join categories as c on c.category_id = co.category_id
    inner join themes as th on th.theme_id = e.theme_id
    inner join narratives as n on n.narrative_id = e.narrative_id
    left join latest as l on l.excerpt_id = e.excerpt_id
    left join scores as s on s.excerpt_id = e.excerpt_id
    where e.anonymised_text is not null
        and (len($terms::varchar[]) = 0 or s.score is not null)
        and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], e.theme_id))
        and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], c.category_id))
        and (len($polarities::varchar[]) = 0 or list_contains($polarities::varchar[], c.polarity))
        and (len($care_stages::varchar[]) = 0 or list_contains($care_stages::varchar[], e.care_stage))
        and (len($statuses::varchar[]) = 0 or list_contains($statuses::varchar[], coalesce(l.status, 'pending')))
        and (len($ethnic_groups::varchar[]) = 0 or list_contains($ethnic_groups::varchar[], n.ethnic_group))
        and (
            len($core20::varchar[]) = 0
            or list_contains(
                $core20::varchar[], case when n.core20 then 'Core20' when not n.core20 then 'Not Core20' end
            )
        )
)

select
    excerpt_id,
    quote,
    theme,
    category,
    polarity,
    care_stage,
    status,
    reviewer,
    reviewed_at,
    edited_text,
    score,
    matched,
    count(*) over () as total_rows
from matching
order by score desc nulls last, theme_order, category_order, excerpt_id
limit $page_size offset $page_offset
