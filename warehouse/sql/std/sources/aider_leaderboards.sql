-- aider_leaderboards → std: each run's pass rate (polyglot/edit: after the second try; refactor: its one try);
-- release dates where Aider gives them. No access claims: Aider publishes no licence, and a provider prefix
-- (ollama/, openrouter/) says where a model was served, not whether its weights are open.
insert into std.benchmarks by name
select * from (values
    ('aider:polyglot', 'Aider polyglot (225 Exercism exercises, 6 languages)', 'aider_polyglot',
     'Percent of exercises solved after one retry with test errors (pass_rate_2)',
     'https://aider.chat/docs/leaderboards/'),
    ('aider:edit', 'Aider code editing (133 Exercism Python exercises)', 'aider_edit',
     'Percent of exercises solved after one retry with test errors (pass_rate_2); superseded by polyglot in 2024-12',
     'https://aider.chat/docs/leaderboards/edit.html'),
    ('aider:refactor', 'Aider refactoring (89 large Python methods)', 'aider_refactor',
     'Percent of refactoring tasks completed correctly in one try (pass_rate_1)',
     'https://aider.chat/docs/leaderboards/refactor.html')
) t(benchmark_id, name, task, description, url)
cross join (select 'aider_leaderboards' as source, 'Aider' as publisher, 'accuracy' as kind,
                   'percent' as unit, 0.0 as scale_min, 100.0 as scale_max, true as higher_is_better,
                   'independent' as evaluation, 'public' as contamination, null::varchar as category);

-- several runs of one model with one setting in one file are all kept here; core keeps one
insert into std.scores by name
select 'aider_leaderboards' as source, model as source_model_name,
       case when is_moving_alias then null else model_id end as model_key,
       'aider:' || leaderboard as benchmark_id, snapshot_date, run_date as evaluated_on,
       case when leaderboard = 'refactor' then pass_rate_1 else pass_rate_2 end as score,
       concat_ws(';',
           edit_format,
           'editor=' || coalesce(editor_model, editor_model_arg),
           'editor_format=' || editor_edit_format,
           'effort=' || coalesce(reasoning_effort, cmd_reasoning_effort),
           'thinking=' || coalesce(thinking_tokens, cmd_thinking_tokens)) as setting,
       false as is_self_reported, source_url, fetched_at, sha256, fetch_id
from staging.aider_leaderboards_runs
where (case when leaderboard = 'refactor' then pass_rate_1 else pass_rate_2 end) is not null;

insert into std.model_claims by name
select 'aider_leaderboards' as source, model as source_model_name,
       case when is_moving_alias then null else model_id end as model_key, snapshot_date,
       model as display_name, released as release_date, null::varchar as access,
       source_url, fetched_at, sha256, fetch_id
from staging.aider_leaderboards_runs
where released is not null;
