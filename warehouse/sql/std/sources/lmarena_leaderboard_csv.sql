-- lmarena_leaderboard_csv → std: overall text-arena score with its 95% interval and votes; claims.
insert into std.scores by name
select 'lmarena_leaderboard_csv' as source, model as source_model_name, null as model_key,
       'lmarena:text' as benchmark_id, snapshot_date, arena_score as score,
       arena_score - ci_minus as ci_lower, arena_score + ci_plus as ci_upper, votes,
       false as style_control, false as is_self_reported, '' as setting,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_leaderboard_csv_scores
where arena_score is not null;

insert into std.model_claims by name
select 'lmarena_leaderboard_csv' as source, model as source_model_name, null as model_key, snapshot_date,
       model as display_name, organization, license, lmarena_access(license) as access,
       hf_repo_from_url(url) as hf_repo_id, url, knowledge_cutoff,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_leaderboard_csv_scores;
