-- core.score_collisions: keys where one source published two different rows that resolve to one
-- model in one snapshot (a resolver mistake, or an upstream listing one model twice). For review.
create or replace table core.score_collisions as
select a.model_id, s.benchmark_id, s.snapshot_date, s.source,
       case when a.setting = '' or contains(coalesce(s.setting, ''), a.setting) then coalesce(s.setting, '')
            else concat_ws(';', nullif(s.setting, ''), a.setting) end as setting,
       s.style_control,
       count(*) as n_rows,
       count(distinct s.score) as n_scores,
       string_agg(distinct s.source_model_name, ' | ' order by s.source_model_name) as names,
       min(s.score) as min_score, max(s.score) as max_score
from std.scores s
join core.model_aliases a
  on a.source = s.source and a.source_model_name = s.source_model_name
 and a.model_key is not distinct from s.model_key
     and a.model_id is not null
group by all
having count(distinct s.score) > 1 or count(distinct s.source_model_name) > 1
order by all;
