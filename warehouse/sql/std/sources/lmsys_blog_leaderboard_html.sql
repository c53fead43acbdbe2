-- lmsys_blog_leaderboard_html → std: 2023 Elo ratings, MT-bench, MMLU (percent → fraction); claims.
insert into std.scores by name
select 'lmsys_blog_leaderboard_html' as source, model as source_model_name, null as model_key,
       b.benchmark_id, snapshot_date, b.score,
       case when b.benchmark_id = 'lmarena:text' then false end as style_control,
       b.benchmark_id = 'lmarena:mmlu' as is_self_reported, '' as setting,
       source_url, fetched_at, sha256, fetch_id
from staging.lmsys_blog_leaderboard_html_rows,
     lateral (values ('lmarena:text', elo_rating::double),
                     ('lmarena:mt_bench', mt_bench_score),
                     ('lmarena:mmlu', mmlu_pct / 100.0)) as b(benchmark_id, score)
where b.score is not null and license is not null;

insert into std.model_claims by name
select 'lmsys_blog_leaderboard_html' as source, model as source_model_name, null as model_key,
       snapshot_date, model as display_name,
       -- week-2 post says 'Weights available; Non-commercial'
       license, lmarena_access(license) as access, hf_repo_from_url(link) as hf_repo_id, link as url,
       source_url, fetched_at, sha256, fetch_id
from staging.lmsys_blog_leaderboard_html_rows
where license is not null;
