-- swe_bench → std: percent resolved per result, for results whose tags name exactly one model (no `Model:`
-- tag, or several, cannot be attributed: kept in staging only). Every board is its own benchmark. Most entries
-- are agent systems run by their submitters (scaffold + model): self-reported, and the folder (the result's
-- key) is the run setting, so two systems on one model stay apart. Only bash-only runs every model in the same
-- minimal agent, run by the SWE-bench team: the independent, like-for-like board.
-- Claims: the site's `os_model` flag as access ('open' / 'api') where one model is tagged. It is set by hand
-- and wrong in both directions (PROVENANCE: AppMap Navie + GPT 4o flagged open, Llama 4 flagged closed), so it
-- ranks last in core.model_facts (an unlisted source) and loses to every other source's claim.
-- Ids are 'swebench:*': no other source publishes these boards (Epoch's own SWE-bench Verified runs are
-- 'epoch:swe_bench_verified', a different harness: the same task, never the same id).
insert into std.benchmarks by name
select benchmark_id, 'swe_bench' as source, name, task, 'SWE-bench' as publisher, 'accuracy' as kind,
       'percent' as unit, 0.0 as scale_min, 100.0 as scale_max, true as higher_is_better, evaluation,
       'public' as contamination, null::varchar as category, description, 'https://www.swebench.com/' as url
from (values
    ('swebench:bash_only', 'SWE-bench bash-only (Verified, mini-SWE-agent)', 'swe_bench_verified', 'independent',
     'Percent of the 500 Verified instances resolved by each model in the same minimal agent (mini-SWE-agent), run by the SWE-bench team'),
    ('swebench:verified', 'SWE-bench Verified (submitted systems)', 'swe_bench_verified_systems', 'self_reported',
     'Percent of the 500 human-validated instances resolved by a submitted agent system (scaffold + model)'),
    ('swebench:lite', 'SWE-bench Lite (submitted systems)', 'swe_bench_lite_systems', 'self_reported',
     'Percent of the 300 Lite instances resolved by a submitted system'),
    ('swebench:test', 'SWE-bench full test set (submitted systems)', 'swe_bench_full_systems', 'self_reported',
     'Percent of the 2,294 test instances resolved by a submitted system'),
    ('swebench:multimodal', 'SWE-bench Multimodal (submitted systems)', 'swe_bench_multimodal_systems', 'self_reported',
     'Percent of the Multimodal instances resolved by a submitted system')
) t(benchmark_id, name, task, evaluation, description);

insert into std.scores by name
select 'swe_bench' as source, json_extract_string(model_tags, '$[0]') as source_model_name, model_key,
       'swebench:' || replace(lower(board), '-', '_') as benchmark_id, snapshot_date,
       submitted_on as evaluated_on, resolved as score, 'system=' || folder as setting,
       board <> 'bash-only' as is_self_reported, source_url, fetched_at, sha256, fetch_id
from staging.swe_bench_results
where model_count = 1 and resolved is not null
  and 'swebench:' || replace(lower(board), '-', '_') in
      (select benchmark_id from std.benchmarks where source = 'swe_bench');

insert into std.model_claims by name
select distinct 'swe_bench' as source, json_extract_string(model_tags, '$[0]') as source_model_name, model_key,
       snapshot_date, case os_model when true then 'open' when false then 'api' end as access,
       source_url, fetched_at, sha256, fetch_id
from staging.swe_bench_results
where model_count = 1 and os_model is not null;
