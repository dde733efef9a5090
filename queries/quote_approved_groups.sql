-- name: quote_approved_groups
-- returns: approved quotes (the reviewer's edited wording where there is one) with each wording listed once: approved excerpts whose wording is the same after lower-casing and removing redaction tags, punctuation and extra spaces (insights.quotes.groups.quote_key) are one row, with how many women said it; coarse context of its first excerpt only (theme, category, polarity, care stage)
-- grain: one row per approved wording; excerpt_id is its first excerpt in report order, excerpt_ids all of them
-- params: $themes (theme ids), $categories (category ids), $ethnic_groups, $core20 ('Core20' / 'Not Core20')
-- example: {"themes": [], "categories": [], "core20": []}
with latest as (
    select excerpt_id, status, edited_text
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
),

approved as (
    select
        e.excerpt_id,
        e.narrative_id,
        th.name as theme,
        c.name as category,
        c.polarity,
        e.care_stage,
        coalesce(l.edited_text, e.anonymised_text) as quote,
        l.edited_text is not null as edited,
        th.sort_order as theme_order,
        c.sort_order as category_order
    from coded_excerpts as e
    inner join latest as l on l.excerpt_id = e.excerpt_id
    inner join codes as co on co.code_id = e.code_id
    inner join categories as c on c.category_id = co.category_id
    inner join themes as th on th.theme_id = e.theme_id
    inner join narratives as n on n.narrative_id = e.narrative_id
    where l.status = 'approved'
        and e.anonymised_text is not null
        and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], e.theme_id))
        and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], c.category_id))
        and (len($ethnic_groups::varchar[]) = 0 or list_contains($ethnic_groups::varchar[], n.ethnic_group))
        and (
            len($core20::varchar[]) = 0
            or list_contains(
                $core20::varchar[], case when n.core20 then 'Core20' when not n.core20 then 'Not Core20' end
            )
        )
),

keyed as (
    select
        *,
        coalesce(
            nullif(
                trim(
                    regexp_replace(
                        lower(
                            regexp_replace(
                                quote, '\[(NAME|PHONE|EMAIL|NHS NUMBER|POSTCODE|ADDRESS|DATE)\]', ' ', 'g'
                            )
                        ),
                        '[^\pL\pN]+',
                        ' ',
                        'g'
                    )
                ),
                ''
            ),
            quote
        ) as quote_key
    from approved
),

sizes as (
    select
        quote_key,
        count(distinct narrative_id) as women,
        count(*) as excerpts,
        list(excerpt_id order by excerpt_id) as excerpt_ids,
        bool_or(edited) as any_edited
    from keyed
    group by quote_key
)

select
    k.excerpt_id,
    k.theme,
    k.category,
    k.polarity,
    k.care_stage,
    k.quote,
    s.any_edited as edited,
    s.women,
    s.excerpts,
    s.excerpt_ids,
    k.theme_order,
    k.category_order
from keyed as k
inner join sizes as s on s.quote_key = k.quote_key
qualify row_number() over (
    partition by k.quote_key order by k.theme_order, k.category_order, k.care_stage, k.excerpt_id
) = 1
order by k.theme_order, k.category_order, k.care_stage, k.excerpt_id
