-- lmarena_hf_space → std: Arena Elo (2023 files only), MT-bench and MMLU scores; model claims.
insert into std.benchmarks values
    ('lmarena:text', 'lmarena_hf_space', 'LMArena text arena (overall)', 'arena_text', 'LMArena',
     'arena_rating', 'elo', null, null, true, 'independent', 'live', null,
     'Bradley-Terry/Elo rating from blind pairwise human votes; relative, drifts between snapshots',
     'https://lmarena.ai/leaderboard/text'),
    ('lmarena:mt_bench', 'lmarena_hf_space', 'MT-bench (LMSYS, GPT-4 judge)', 'mt_bench', 'LMSYS',
     'score', 'score', 1, 10, true, 'independent', 'public', null,
     '80 multi-turn questions graded 1-10 by GPT-4', 'https://arxiv.org/abs/2306.05685'),
    ('lmarena:mmlu', 'lmarena_hf_space', 'MMLU (as listed on the Arena leaderboard)', 'mmlu', 'LMSYS',
     'accuracy', 'fraction', 0, 1, true, 'mixed', 'public', null,
     '5-shot MMLU as collected by LMSYS, mostly from vendor reports', null);

insert into std.scores by name
select 'lmarena_hf_space' as source, model as source_model_name, key as model_key,
       b.benchmark_id, snapshot_date, b.score,
       case when b.benchmark_id = 'lmarena:text' then false end as style_control,
       b.benchmark_id = 'lmarena:mmlu' as is_self_reported,
       '' as setting, source_url, fetched_at, sha256, fetch_id
from staging.lmarena_hf_space_models,
     lateral (values ('lmarena:text', arena_elo::double),
                     ('lmarena:mt_bench', mt_bench_score),
                     ('lmarena:mmlu', mmlu)) as b(benchmark_id, score)
where b.score is not null;

insert into std.model_claims by name
select 'lmarena_hf_space' as source, model as source_model_name, key as model_key, snapshot_date,
       model as display_name, organization, license, lmarena_access(license) as access,
       hf_repo_from_url(link) as hf_repo_id, link as url, knowledge_cutoff,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_hf_space_models;
