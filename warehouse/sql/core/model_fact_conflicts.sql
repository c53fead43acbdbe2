-- core.model_fact_conflicts: facts on which sources disagree (access class, SPDX licence,
-- commercial use, derivative status), with the chosen value and every claim as value@source.
-- `opengap models conflicts` prints this table.
create or replace table core.model_fact_conflicts as
select model_id, fact,
       any_value(value) filter (where is_chosen) as chosen_value,
       any_value(source) filter (where is_chosen) as chosen_source,
       count(distinct value) as n_values,
       string_agg(distinct value || '@' || source, ' | ' order by value || '@' || source) as claims
from core.model_facts
where fact in ('access', 'license_spdx', 'commercial_use', 'is_derivative')
group by model_id, fact
having count(distinct value) > 1
order by model_id, fact;
