-- name: quote_codebook
-- returns: the themes and categories quotes can be filtered by (Figure 2 of the codebook), in report order
-- grain: one row per theme and category pair
-- params: none
select
    t.theme_id,
    t.name as theme,
    c.category_id,
    c.name as category,
    c.polarity
from theme_categories as tc
inner join themes as t on t.theme_id = tc.theme_id
inner join categories as c on c.category_id = tc.category_id
order by t.sort_order, c.sort_order
