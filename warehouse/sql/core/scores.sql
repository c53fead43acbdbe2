-- core.scores: one row per model × benchmark × snapshot × source × run setting × style control,
-- with the provenance of the row it came from. Exact duplicates in a file (the Space repeats some
-- rows) collapse to one; two different published rows for one key are listed in core.score_collisions
-- and the one with the most votes (then the highest score) is kept.
create or replace table core.scores as
with joined as materialized (
    -- a setting the resolver split off the name ('o3-2025-04-16-high' → 'high') joins the score's own
    select a.model_id, s.benchmark_id, s.snapshot_date, s.source,
           case when a.setting = '' or contains(coalesce(s.setting, ''), a.setting) then coalesce(s.setting, '')
                else concat_ws(';', nullif(s.setting, ''), a.setting) end as setting,
           s.style_control, s.score, s.stderr, s.ci_lower, s.ci_upper, s.votes, s.evaluated_on,
           s.is_self_reported, s.source_model_name, s.model_key,
           s.fetch_id, s.sha256, s.source_url, s.fetched_at
    from std.scores s
    join core.model_aliases a
      on a.source = s.source and a.source_model_name = s.source_model_name
     and a.model_key is not distinct from s.model_key
     and a.model_id is not null
),
-- keys published more than once: only these need ranking (a window over every row is the cost)
repeated as (
    select model_id, benchmark_id, snapshot_date, source, setting, style_control
    from joined
    group by all
    having count(*) > 1
),
-- read by both halves of `kept`: recomputed (a hash join) costs less than materialising it
flagged as not materialized (
    select j.*, r.model_id is not null as is_repeated
    from joined j
    left join repeated r
      on r.model_id is not distinct from j.model_id
     and r.benchmark_id is not distinct from j.benchmark_id
     and r.snapshot_date is not distinct from j.snapshot_date
     and r.source is not distinct from j.source
     and r.setting is not distinct from j.setting
     and r.style_control is not distinct from j.style_control
),
kept as (
    select * exclude (is_repeated) from flagged where not is_repeated
    union all
    select * exclude (is_repeated)
    from flagged
    where is_repeated
    qualify row_number() over (
        partition by model_id, benchmark_id, snapshot_date, source, setting, style_control
        order by votes desc nulls last, score desc nulls last, source_model_name, model_key nulls last, fetch_id
    ) = 1
)
select *
from kept
order by benchmark_id, snapshot_date, source, model_id;
