-- The bits of the aggregate masks for the codebook as it is now (insights.analysis.aggregates): themes and
-- categories numbered in report order from 0, and every (category, theme) pair as category * themes + theme.
with theme_bits as (
    select theme_id, (row_number() over (order by sort_order, theme_id) - 1)::integer as bit
    from themes
),

category_bits as (
    select category_id, (row_number() over (order by sort_order, category_id) - 1)::integer as bit
    from categories
)

select 'theme' as item_kind, theme_id as item_id, '' as theme_id, bit
from theme_bits
union all
select 'category' as item_kind, category_id as item_id, '' as theme_id, bit
from category_bits
union all
select
    'category_theme' as item_kind,
    c.category_id as item_id,
    t.theme_id,
    (c.bit * (select count(*) from theme_bits) + t.bit)::integer as bit
from category_bits as c
cross join theme_bits as t
