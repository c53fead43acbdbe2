-- artificial_analysis → std: the three Artificial Analysis indices (0-100) and the per-benchmark numbers behind
-- them (fractions 0-1; Omniscience -100..100), one row per model record × metric × day; the run setting
-- (effort, reasoning on/off) split off the display name onto the score. Claims: creator, country, release
-- date, licence and the open-weights flag as published (access 'open' / 'api'; precedence: see
-- core.model_facts, where an unlisted source ranks last). The indices changed method on 2026-06-16:
-- warehouse/overrides/regimes.csv keeps the two sides apart. Benchmark ids are 'aa:*' throughout: Artificial
-- Analysis runs every test itself with its own prompts and harness, so no id is shared with another publisher
-- (the same underlying test is named in `task`, e.g. 'gpqa_diamond', where it is one). The three Omniscience
-- numbers are one test measured three ways: one task, so at most one of them enters the headline.
insert into std.benchmarks by name
select benchmark_id, 'artificial_analysis' as source, name, task, 'Artificial Analysis' as publisher, kind, unit,
       scale_min, scale_max, true as higher_is_better, 'independent' as evaluation, contamination,
       null::varchar as category, description, 'https://artificialanalysis.ai/methodology/intelligence-benchmarking' as url
from (values
    ('aa:intelligence_index', 'Artificial Analysis Intelligence Index', 'aa_intelligence_index', 'index', 'index', 0.0, 100.0, 'mixed',
     'Composite of the benchmarks below, 0-100; method changed 2026-06-16 (values not comparable across the break)'),
    ('aa:coding_index', 'Artificial Analysis Coding Index', 'aa_coding_index', 'index', 'index', 0.0, 100.0, 'mixed',
     'Composite of the coding benchmarks, 0-100; mostly unpublished from 2026-06-19'),
    ('aa:agentic_index', 'Artificial Analysis Agentic Index', 'aa_agentic_index', 'index', 'index', 0.0, 100.0, 'mixed',
     'Composite of the agentic benchmarks, 0-100'),
    ('aa:gpqa', 'GPQA Diamond (Artificial Analysis runs)', 'gpqa_diamond', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:hle', 'Humanity''s Last Exam (Artificial Analysis runs)', 'hle', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:scicode', 'SciCode (Artificial Analysis runs)', 'scicode', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:ifbench', 'IFBench (Artificial Analysis runs)', 'ifbench', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:lcr', 'AA-LCR long-context reasoning', 'aa_lcr', 'accuracy', 'fraction', 0.0, 1.0, 'private', null),
    ('aa:tau2_bench', 'tau2-bench Telecom (Artificial Analysis runs)', 'tau2_bench_telecom', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:terminal_bench_hard', 'Terminal-Bench Hard (Artificial Analysis runs)', 'terminal_bench_hard', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:critpt', 'CritPt (Artificial Analysis runs)', 'critpt', 'accuracy', 'fraction', 0.0, 1.0, 'private', null),
    ('aa:mmmu_pro', 'MMMU-Pro (Artificial Analysis runs)', 'mmmu_pro', 'accuracy', 'fraction', 0.0, 1.0, 'public', null),
    ('aa:apex_agents', 'APEX-Agents (Artificial Analysis runs)', 'apex_agents', 'accuracy', 'fraction', 0.0, 1.0, null, null),
    ('aa:gdpval', 'GDPval-AA (normalised)', 'gdpval_aa', 'score', 'fraction', 0.0, 1.0, null,
     'Artificial Analysis'' GDPval run, Elo normalised to 0-1 (gdpval_aa_normalized)'),
    ('aa:omniscience', 'AA-Omniscience index', 'aa_omniscience', 'score', 'score', -100.0, 100.0, 'private',
     'Correct minus incorrect answers, -100..100 (abstaining scores 0)'),
    ('aa:omniscience_accuracy', 'AA-Omniscience accuracy', 'aa_omniscience', 'accuracy', 'fraction', 0.0, 1.0, 'private', null),
    ('aa:omniscience_non_hallucination', 'AA-Omniscience non-hallucination rate', 'aa_omniscience', 'score', 'fraction', 0.0, 1.0, 'private', null)
) t(benchmark_id, name, task, kind, unit, scale_min, scale_max, contamination, description);

insert into std.scores by name
select 'artificial_analysis' as source, s.name as source_model_name, m.slug as model_key,
       b.benchmark_id, s.snapshot_date, s.score, m.setting, false as is_self_reported,
       s.source_url, s.fetched_at, s.sha256, s.fetch_id
from staging.artificial_analysis_scores s
join staging.artificial_analysis_models m using (fetch_id, model_uuid)
join (values
    ('artificial_analysis_intelligence_index', 'aa:intelligence_index'),
    ('artificial_analysis_coding_index', 'aa:coding_index'),
    ('artificial_analysis_agentic_index', 'aa:agentic_index'),
    ('gpqa', 'aa:gpqa'), ('hle', 'aa:hle'), ('scicode', 'aa:scicode'), ('ifbench', 'aa:ifbench'),
    ('aa_lcr', 'aa:lcr'), ('tau2_bench', 'aa:tau2_bench'), ('terminal_bench_hard', 'aa:terminal_bench_hard'),
    ('critpt', 'aa:critpt'), ('mmmu_pro', 'aa:mmmu_pro'), ('apex_agents', 'aa:apex_agents'),
    ('gdpval_aa_normalized', 'aa:gdpval'), ('aa_omniscience', 'aa:omniscience'),
    ('aa_omniscience_accuracy', 'aa:omniscience_accuracy'),
    ('aa_omniscience_non_hallucination', 'aa:omniscience_non_hallucination')
) b(metric, benchmark_id) using (metric);  -- a metric not listed here stays in staging only

insert into std.model_claims by name
select 'artificial_analysis' as source, name as source_model_name, slug as model_key, snapshot_date,
       name as display_name, creator_name as organization, upper(creator_country) as country,
       license_name as license,
       case is_open_weights when true then 'open' when false then 'api' end as access,
       hf_repo_from_url(huggingface_url) as hf_repo_id, release_date,
       total_parameters_b as params_b, source_url, fetched_at, sha256, fetch_id
from staging.artificial_analysis_models;
