-- name: quote_status_counts
-- returns: how many coded excerpts are waiting for review, approved or rejected, and how many could not be anonymised (hidden from everyone but the engagement officer), with the anonymiser versions in use
-- grain: one row per status ('pending', 'approved', 'rejected', 'not anonymised')
-- params: none
with latest as (
    select excerpt_id, status
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

labelled as (
    select
        case when e.anonymised_text is null then 'not anonymised' else coalesce(l.status, 'pending') end as status,
        e.anonymiser
    from coded_excerpts as e
    left join latest as l on l.excerpt_id = e.excerpt_id
)

select
    s.status,
    count(x.status) as excerpts,
    coalesce(string_agg(distinct x.anonymiser, ' | '), '') as anonymisers
from (values ('pending'), ('approved'), ('rejected'), ('not anonymised')) as s (status)
left join labelled as x on x.status = s.status
group by s.status
order by case s.status when 'pending' then 1 when 'approved' then 2 when 'rejected' then 3 else 4 end
