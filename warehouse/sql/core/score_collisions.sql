-- core.score_collisions: keys where one source published two different rows that resolve to one
-- model in one snapshot (a resolver mistake, or an upstream listing one model twice). For review.
create or replace table core.score_collisions as
with joined as materialized (
    select a.model_id, s.benchmark_id, s.snapshot_date, s.source,
           case when a.setting = '' or contains(coalesce(s.setting, ''), a.setting) then coalesce(s.setting, '')
                else concat_ws(';', nullif(s.setting, ''), a.setting) end as setting,
           s.style_control, s.score, s.source_model_name
    from std.scores s
    join core.model_aliases a
      on a.source = s.source and a.source_model_name = s.source_model_name
     and a.model_key is not distinct from s.model_key
         and a.model_id is not null
),
-- a key with one row has one score and one name: only keys with several rows can collide
repeated as (
    select model_id, benchmark_id, snapshot_date, source, setting, style_control
    from joined
    group by all
    having count(*) > 1
)
select j.model_id, j.benchmark_id, j.snapshot_date, j.source, j.setting, j.style_control,
       count(*) as n_rows,
       count(distinct j.score) as n_scores,
       string_agg(distinct j.source_model_name, ' | ' order by j.source_model_name) as names,
       min(j.score) as min_score, max(j.score) as max_score
from joined j
semi join repeated r
  on r.model_id is not distinct from j.model_id
 and r.benchmark_id is not distinct from j.benchmark_id
 and r.snapshot_date is not distinct from j.snapshot_date
 and r.source is not distinct from j.source
 and r.setting is not distinct from j.setting
 and r.style_control is not distinct from j.style_control
group by all
having count(distinct j.score) > 1 or count(distinct j.source_model_name) > 1
order by all;
