-- name: quote_groups
-- returns: anonymised quotes for MNVP review, one row per wording: excerpts whose anonymised text is the same after lower-casing and removing redaction tags ([NAME], ...), punctuation and extra spaces are one quote (insights.quotes.groups.quote_key), with how many women and excerpts said it, the excerpt ids a decision applies to, coarse context of its first matching excerpt (theme, category, polarity, care stage) and the group's review status (the shared latest status of its excerpts; 'pending' when they differ); ranked by BM25 relevance when searching
-- grain: one row per quote wording (group of excerpts), one page of at most $page_size rows; total_rows repeats the number of matching groups
-- params: $terms (search index terms, empty = no search), $themes (theme ids), $categories (category ids), $polarities, $care_stages, $statuses, $ethnic_groups, $core20 ('Core20' / 'Not Core20'), $page_size, $page_offset
-- example: {"terms": ["midwif"], "themes": [], "categories": [], "polarities": [], "statuses": ["pending"], "core20": [], "page_size": 20, "page_offset": 0}
with latest as (
    select excerpt_id, status, reviewer, reviewed_at, edited_text
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

wordings as (
    -- the grouping key, kept per distinct wording at import (agg_quote_keys, insights.analysis.aggregates);
    -- worked out here (the quote_key macro) for a wording not keyed yet
    select w.anonymised_text, coalesce(k.quote_key, quote_key(w.anonymised_text)) as quote_key
    from (select distinct anonymised_text from coded_excerpts where anonymised_text is not null) as w
    left join agg_quote_keys as k on k.anonymised_text = w.anonymised_text
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

members as (
    select
        e.excerpt_id,
        e.narrative_id,
        w.quote_key,
        e.anonymised_text as quote,
        coalesce(l.status, 'pending') as status,
        l.reviewer,
        l.reviewed_at,
        l.edited_text
    from coded_excerpts as e
    inner join wordings as w on w.anonymised_text = e.anonymised_text
    left join latest as l on l.excerpt_id = e.excerpt_id
),

matching as (
    -- excerpts that pass the filters; a group is listed when any of its excerpts does
    select
        e.excerpt_id,
        w.quote_key,
        e.anonymised_text as quote,
        th.name as theme,
        c.name as category,
        c.polarity,
        e.care_stage,
        s.score,
        coalesce(s.matched, []::varchar[]) as matched,
        th.sort_order as theme_order,
        c.sort_order as category_order
    from coded_excerpts as e
    inner join wordings as w on w.anonymised_text = e.anonymised_text
    inner join codes as co on co.code_id = e.code_id
    inner join categories as c on c.category_id = co.category_id
    inner join themes as th on th.theme_id = e.theme_id
    inner join narratives as n on n.narrative_id = e.narrative_id
    left join scores as s on s.excerpt_id = e.excerpt_id
    where (len($terms::varchar[]) = 0 or s.score is not null)
        and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], e.theme_id))
        and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], c.category_id))
        and (len($polarities::varchar[]) = 0 or list_contains($polarities::varchar[], c.polarity))
        and (len($care_stages::varchar[]) = 0 or list_contains($care_stages::varchar[], e.care_stage))
        and (len($ethnic_groups::varchar[]) = 0 or list_contains($ethnic_groups::varchar[], n.ethnic_group))
        and (
            len($core20::varchar[]) = 0
            or list_contains(
                $core20::varchar[], case when n.core20 then 'Core20' when not n.core20 then 'Not Core20' end
            )
        )
),

picked as (
    -- the group's first matching excerpt (report order) gives its shown wording and context
    select
        quote_key,
        arg_min(excerpt_id, {'t': theme_order, 'c': category_order, 'e': excerpt_id}) as first_id,
        max(score) as best_score,
        count(distinct category) as categories
    from matching
    group by quote_key
),

grouped as (
    select
        m.quote_key,
        count(*) as excerpts,
        count(distinct m.narrative_id) as women,
        list(m.excerpt_id order by m.excerpt_id) as excerpt_ids,
        case when count(distinct m.status) = 1 then min(m.status) else 'pending' end as status,
        count(distinct m.status) > 1 as decisions_differ,
        count(*) filter (where m.status = 'pending') as excerpts_pending,
        arg_max({'reviewer': m.reviewer, 'edited_text': m.edited_text}, m.reviewed_at) as last,
        max(m.reviewed_at) as reviewed_at
    from members as m
    where m.quote_key in (select quote_key from picked)
    group by m.quote_key
),

listed as (
    select
        p.excerpt_id,
        p.quote,
        p.theme,
        p.category,
        p.polarity,
        p.care_stage,
        g.status,
        g.decisions_differ,
        g.excerpts_pending,
        g.last.reviewer as reviewer,
        g.reviewed_at,
        g.last.edited_text as edited_text,
        a.best_score as score,
        p.matched,
        g.women,
        g.excerpts,
        g.excerpt_ids,
        a.categories,
        p.theme_order,
        p.category_order
    from picked as a
    inner join matching as p on p.excerpt_id = a.first_id
    inner join grouped as g on g.quote_key = a.quote_key
    where len($statuses::varchar[]) = 0 or list_contains($statuses::varchar[], g.status)
)

select
    excerpt_id,
    quote,
    theme,
    category,
    polarity,
    care_stage,
    status,
    decisions_differ,
    excerpts_pending,
    reviewer,
    reviewed_at,
    edited_text,
    score,
    matched,
    women,
    excerpts,
    excerpt_ids,
    categories,
    count(*) over () as total_rows
from listed
order by score desc nulls last, theme_order, category_order, excerpt_id
limit $page_size offset $page_offset
