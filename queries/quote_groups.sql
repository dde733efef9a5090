-- name: quote_groups
-- returns: anonymised quotes for MNVP review, one row per wording: excerpts whose anonymised text is the same after lower-casing and removing redaction tags ([NAME], ...), punctuation and extra spaces are one quote (insights.quotes.groups.quote_key), with how many women and excerpts said it, the excerpt ids a decision applies to, coarse context of its first matching excerpt (theme, category, polarity, care stage) and the group's review status (the shared latest status of its excerpts; 'pending' when they differ); ranked by BM25 relevance when searching. Reads the wordings pre-aggregated per context (agg_quote_contexts, insights.analysis.aggregates) and the review decisions live; the excerpts themselves only for the listed page's ids and women
-- grain: one row per quote wording (group of excerpts), one page of at most $page_size rows; total_rows repeats the number of matching groups
-- params: $terms (search index terms, empty = no search), $themes (theme ids), $categories (category ids), $polarities, $care_stages, $statuses, $ethnic_groups, $core20 ('Core20' / 'Not Core20'), $page_size, $page_offset
-- example: {"terms": ["midwif"], "themes": [], "categories": [], "polarities": [], "statuses": ["pending"], "core20": [], "page_size": 20, "page_offset": 0}
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

wording_scores as (
    -- the index holds the anonymised wording only, so every excerpt with a wording scores the same
    select e.anonymised_text, max(s.score) as score, min(s.matched) as matched
    from scores as s
    inner join coded_excerpts as e on e.excerpt_id = s.excerpt_id
    group by e.anonymised_text
),

matching as (
    -- wordings in contexts that pass the filters; a group is listed when any of its excerpts does
    select
        x.first_excerpt_id as excerpt_id,
        x.quote_key,
        x.anonymised_text as quote,
        th.name as theme,
        c.name as category,
        c.polarity,
        x.care_stage,
        s.score,
        coalesce(s.matched, []::varchar[]) as matched,
        th.sort_order as theme_order,
        c.sort_order as category_order
    from agg_quote_contexts as x
    inner join categories as c on c.category_id = x.category_id
    inner join themes as th on th.theme_id = x.theme_id
    left join wording_scores as s on s.anonymised_text = x.anonymised_text
    where x.ethnic_group is not null -- the excerpt's narrative exists
        and (len($terms::varchar[]) = 0 or s.score is not null)
        and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], x.theme_id))
        and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], c.category_id))
        and (len($polarities::varchar[]) = 0 or list_contains($polarities::varchar[], c.polarity))
        and (len($care_stages::varchar[]) = 0 or list_contains($care_stages::varchar[], x.care_stage))
        and (len($ethnic_groups::varchar[]) = 0 or list_contains($ethnic_groups::varchar[], x.ethnic_group))
        and (
            len($core20::varchar[]) = 0
            or list_contains(
                $core20::varchar[], case when x.core20 then 'Core20' when not x.core20 then 'Not Core20' end
            )
        )
),

picked as (
    -- the group's first matching excerpt (report order) gives its shown wording and context; a context's
    -- first excerpt is its lowest id, so the lowest (theme, category, id) over contexts is that excerpt
    select
        quote_key,
        arg_min(excerpt_id, {'t': theme_order, 'c': category_order, 'e': excerpt_id}) as first_id,
        max(score) as best_score,
        count(distinct category) as categories
    from matching
    group by quote_key
),

sizes as (
    select quote_key, sum(excerpts) as excerpts
    from agg_quote_contexts
    where quote_key in (select quote_key from picked)
    group by quote_key
),

decided as (
    -- the latest decision of each reviewed excerpt, per group (an excerpt never reviewed is pending)
    select
        k.quote_key,
        count(*) filter (where l.status = 'approved') as approved,
        count(*) filter (where l.status = 'rejected') as rejected,
        arg_max({'reviewer': l.reviewer, 'edited_text': l.edited_text}, l.reviewed_at) as last,
        max(l.reviewed_at) as reviewed_at
    from latest as l
    inner join coded_excerpts as e on e.excerpt_id = l.excerpt_id
    inner join agg_quote_keys as k on k.anonymised_text = e.anonymised_text
    group by k.quote_key
),

grouped as (
    select
        s.quote_key,
        s.excerpts,
        s.excerpts - coalesce(d.approved, 0) - coalesce(d.rejected, 0) as excerpts_pending,
        coalesce(d.approved, 0) as approved,
        coalesce(d.rejected, 0) as rejected,
        d.last,
        d.reviewed_at
    from sizes as s
    left join decided as d on d.quote_key = s.quote_key
),

statused as (
    select
        *,
        case
            when approved = excerpts then 'approved'
            when rejected = excerpts then 'rejected'
            else 'pending'
        end as status,
        (excerpts_pending > 0)::int + (approved > 0)::int + (rejected > 0)::int > 1 as decisions_differ
    from grouped
),

listed as materialized (
    select
        p.excerpt_id,
        a.quote_key,
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
        g.excerpts,
        a.categories,
        p.theme_order,
        p.category_order,
        count(*) over () as total_rows
    from picked as a
    inner join matching as p on p.excerpt_id = a.first_id
    inner join statused as g on g.quote_key = a.quote_key
    where len($statuses::varchar[]) = 0 or list_contains($statuses::varchar[], g.status)
    order by a.best_score desc nulls last, p.theme_order, p.category_order, p.excerpt_id
    limit $page_size offset $page_offset
),

members as (
    -- the excerpts of the listed page's groups only: the ids a decision applies to, and the women
    select k.quote_key, list(e.excerpt_id order by e.excerpt_id) as excerpt_ids, count(distinct e.narrative_id) as women
    from coded_excerpts as e
    inner join agg_quote_keys as k on k.anonymised_text = e.anonymised_text
    where k.quote_key in (select quote_key from listed)
    group by k.quote_key
)

select
    l.excerpt_id,
    l.quote,
    l.theme,
    l.category,
    l.polarity,
    l.care_stage,
    l.status,
    l.decisions_differ,
    l.excerpts_pending,
    l.reviewer,
    l.reviewed_at,
    l.edited_text,
    l.score,
    l.matched,
    m.women,
    l.excerpts,
    m.excerpt_ids,
    l.categories,
    l.total_rows
from listed as l
inner join members as m on m.quote_key = l.quote_key
order by l.score desc nulls last, l.theme_order, l.category_order, l.excerpt_id
