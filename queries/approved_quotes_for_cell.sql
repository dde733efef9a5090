-- name: approved_quotes_for_cell
-- returns: the approved quotes behind one cell of the theme-by-group views: excerpts of the chosen categories and themes (a theme matches the excerpt's coded theme or a cross-cutting theme of its code; an empty list means all) from women in the chosen group, whose latest review is 'approved' and that have been anonymised (as on the Approved quotes page), worded as approved (the reviewer's edit when there is one, else the anonymised text), with coarse context only (theme, category, care stage)
-- grain: one row per approved wording (the same wording from several women once, insights.quotes.groups.quote_key), most recently approved first, at most $max_quotes rows
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $group_by (a key of insights.analysis.breakdowns.DIMENSIONS, or 'all'), $min_group (as in theme_prevalence_by_group), $group ('All women' or a group value), $category_ids (list of category ids; empty means all), $theme_ids (list of theme ids; empty means all), $max_quotes (row limit)
-- example: {"group_by": "ethnic_group", "min_group": 8, "group": "Black", "category_ids": ["felt_judged"], "theme_ids": [], "max_quotes": 20}
-- the comparison groups (already filtered): the grouped_narratives table macro (insights/store/sql/schema.sql)
with grouped as (
    select g.narrative_id, g.grp
    from grouped_narratives(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation, $group_by, $min_group
    ) as g
),

latest_review as (
    select
        r.excerpt_id,
        r.status,
        r.edited_text,
        r.reviewed_at,
        row_number() over (partition by r.excerpt_id order by r.reviewed_at desc, r.review_id desc) as recency
    from quote_reviews as r
),

approved as (
    select
        x.excerpt_id,
        coalesce(nullif(trim(l.edited_text), ''), x.anonymised_text) as quote,
        t.name as theme,
        c.name as category,
        c.category_id,
        x.care_stage,
        x.anonymised_text is not null as anonymised,
        l.reviewed_at
    from coded_excerpts as x
    inner join latest_review as l on l.excerpt_id = x.excerpt_id and l.recency = 1 and l.status = 'approved'
    inner join codes as cd on cd.code_id = x.code_id
    inner join categories as c on c.category_id = cd.category_id
    inner join themes as t on t.theme_id = x.theme_id
    where x.narrative_id in (select g.narrative_id from grouped as g where g.grp = $group)
        and (len($category_ids) = 0 or list_contains($category_ids, c.category_id))
        and (
            len($theme_ids) = 0
            or list_contains($theme_ids, x.theme_id)
            or list_has_any($theme_ids, string_split(cd.cross_cutting, ';'))
        )
),

shown as (
    -- each wording once (the same rule as insights.quotes.groups.quote_key): its most recent approval
    select *
    from approved
    where anonymised and quote is not null and trim(quote) <> ''
    qualify row_number() over (
        partition by coalesce(
            nullif(
                trim(
                    regexp_replace(
                        lower(regexp_replace(quote, '\[(NAME|PHONE|EMAIL|NHS NUMBER|POSTCODE|ADDRESS|DATE)\]', ' ', 'g')),
                        '[^\pL\pN]+',
                        ' ',
                        'g'
                    )
                ),
                ''
            ),
            quote
        )
        order by reviewed_at desc, excerpt_id
    ) = 1
)

select excerpt_id, quote, theme, category, category_id, care_stage
from shown
order by reviewed_at desc, excerpt_id
limit $max_quotes
