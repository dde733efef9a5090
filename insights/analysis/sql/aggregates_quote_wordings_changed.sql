-- Wordings whose agg_quote_contexts rows are out of step with coded_excerpts: a different number of excerpts
-- (an excerpt with the wording was added, removed or re-anonymised), or, from {where_x} (a fixed text from
-- insights.analysis.aggregates), a wording of the refreshed narratives' excerpts (their context may have changed).
select coalesce(a.anonymised_text, s.anonymised_text) as anonymised_text
from (
    select anonymised_text, count(*) as n
    from coded_excerpts
    where anonymised_text is not null
    group by anonymised_text
) as a
full join (
    select anonymised_text, sum(excerpts) as n
    from agg_quote_contexts
    group by anonymised_text
) as s on s.anonymised_text = a.anonymised_text
where a.n is distinct from s.n
union
select distinct x.anonymised_text
from coded_excerpts as x
{where_x}
    and x.anonymised_text is not null
