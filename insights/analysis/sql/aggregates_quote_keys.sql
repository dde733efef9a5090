-- Key every anonymised wording not keyed yet (insights.analysis.aggregates.refresh_quote_keys); {where_x} is
-- empty (every excerpt) or a fixed text from the module restricting it to the refreshed narratives.
insert into agg_quote_keys
select w.anonymised_text, quote_key(w.anonymised_text) as quote_key
from (
    select distinct x.anonymised_text
    from coded_excerpts as x
    {where_x}
) as w
anti join agg_quote_keys as k on k.anonymised_text = w.anonymised_text
where w.anonymised_text is not null
