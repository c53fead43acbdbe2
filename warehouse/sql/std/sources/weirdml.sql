-- weirdml → std: WeirdML's overall accuracy (avg_acc, fraction 0-1) with its standard error, and each task's
-- accuracy as a sub-benchmark (category 'task'); the effort in the display name is the run setting and the
-- slug the model key. Claims: the release date only (WeirdML publishes no licence or open/closed label; an
-- Ollama or fireworks route says how it was run, not a claim made by the source). Rows are edited in place
-- upstream: each fetched version keeps its own numbers, dated by its snapshot.
-- 'weirdml:avg' is the same test as Epoch's re-publication (benchmark 'weirdml' in the hub) but not the same
-- id: Epoch's copy is 'epoch:weirdml_external', scaled as Epoch publishes it; `task` = 'weirdml' links them.
insert into std.benchmarks by name
select 'weirdml:avg' as benchmark_id, 'weirdml' as source, 'WeirdML (mean accuracy over tasks)' as name,
       'weirdml' as task, 'Håvard Tveit Ihle' as publisher, 'accuracy' as kind, 'fraction' as unit,
       0.0 as scale_min, 1.0 as scale_max, true as higher_is_better, 'independent' as evaluation,
       'private' as contamination, null::varchar as category,
       'Mean accuracy over unusual machine-learning coding tasks, with its standard error' as description,
       'https://htihle.github.io/weirdml.html' as url;

insert into std.benchmarks by name
select 'weirdml:' || task as benchmark_id, 'weirdml' as source, 'WeirdML task ' || task as name,
       'weirdml_' || task as task, 'Håvard Tveit Ihle' as publisher, 'accuracy' as kind, 'fraction' as unit,
       0.0 as scale_min, 1.0 as scale_max, true as higher_is_better, 'independent' as evaluation,
       'private' as contamination, 'task' as category, null as description,
       'https://htihle.github.io/weirdml.html' as url
from (select distinct task from staging.weirdml_task_scores where task <> 'avg')
order by task;

insert into std.scores by name
select 'weirdml' as source, display_name as source_model_name, model_slug as model_key,
       'weirdml:avg' as benchmark_id, snapshot_date, avg_acc as score,
       avg_acc_standard_error as stderr, setting, false as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.weirdml_models
where avg_acc is not null;

insert into std.scores by name
select 'weirdml' as source, m.display_name as source_model_name, m.model_slug as model_key,
       'weirdml:' || t.task as benchmark_id, t.snapshot_date, t.accuracy as score, m.setting,
       false as is_self_reported, t.source_url, t.fetched_at, t.sha256, t.fetch_id
from staging.weirdml_task_scores t
join staging.weirdml_models m using (fetch_id, internal_model_name)
where t.task <> 'avg';

insert into std.model_claims by name
select 'weirdml' as source, display_name as source_model_name, model_slug as model_key, snapshot_date,
       display_name, release_date, source_url, fetched_at, sha256, fetch_id
from staging.weirdml_models
where release_date is not null;
