-- Rebuild narrative_items from coded_excerpts and codes (run inside the excerpts import transaction).
delete from narrative_items;
insert into narrative_items
select distinct narrative_id, item_kind, item_id
from (
    select x.narrative_id, 'theme' as item_kind, x.theme_id as item_id
    from coded_excerpts as x
    union all
    select x.narrative_id, 'category' as item_kind, c.category_id as item_id
    from coded_excerpts as x
    inner join codes as c on c.code_id = x.code_id
    union all
    select x.narrative_id, 'theme' as item_kind, unnest(string_split(c.cross_cutting, ';')) as item_id
    from coded_excerpts as x
    inner join codes as c on c.code_id = x.code_id
    where c.cross_cutting <> ''
);
