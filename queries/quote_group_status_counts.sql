-- name: quote_group_status_counts
-- returns: how many quotes are waiting for review, approved or rejected, counted as the review list counts them: a quote is one wording group (excerpts whose anonymised text is the same after insights.quotes.groups.quote_key), its status the shared latest status of its excerpts ('pending' when their decisions differ); with how many coded excerpts those quotes cover. The 'not anonymised' row counts excerpts that could not be anonymised (no wording, so quotes is 0; hidden from everyone but the engagement officer)
-- grain: one row per status ('pending', 'approved', 'rejected', 'not anonymised')
-- params: none
with latest as (
    select excerpt_id, status
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

sizes as (
    -- every anonymised excerpt, per wording group (pre-aggregated: agg_quote_contexts)
    select quote_key, sum(excerpts) as excerpts
    from agg_quote_contexts
    group by quote_key
),

decided as (
    select
        k.quote_key,
        count(*) filter (where l.status = 'approved') as approved,
        count(*) filter (where l.status = 'rejected') as rejected
    from latest as l
    inner join coded_excerpts as e on e.excerpt_id = l.excerpt_id
    inner join agg_quote_keys as k on k.anonymised_text = e.anonymised_text
    group by k.quote_key
),

statused as (
    select
        s.excerpts,
        case
            when coalesce(d.approved, 0) = s.excerpts then 'approved'
            when coalesce(d.rejected, 0) = s.excerpts then 'rejected'
            else 'pending'
        end as status
    from sizes as s
    left join decided as d on d.quote_key = s.quote_key
),

hidden as (
    select 'not anonymised' as status, 0 as quotes, count(*) as excerpts
    from coded_excerpts
    where anonymised_text is null
),

counted as (
    select s.status, count(x.status) as quotes, coalesce(sum(x.excerpts), 0)::bigint as excerpts
    from (values ('pending'), ('approved'), ('rejected')) as s (status)
    left join statused as x on x.status = s.status
    group by s.status
    union all
    select status, quotes, excerpts
    from hidden
)

select status, quotes, excerpts
from counted
order by case status when 'pending' then 1 when 'approved' then 2 when 'rejected' then 3 else 4 end
