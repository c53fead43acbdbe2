-- lmarena_leaderboard_dataset → std: per-category ratings with 95% bounds, votes and stderr (from the
-- published variance), plain and style-controlled; organization and licence as claims.
-- Category 'overall' = 'lmarena:text' (the 'full' of arena-catalog): the same benchmark ids.
insert into std.benchmarks
select distinct
    case when category = 'overall' then 'lmarena:text' else 'lmarena:text/' || category end,
    'lmarena_leaderboard_dataset',
    case when category = 'overall' then 'LMArena text arena (overall)'
         else 'LMArena text arena: ' || replace(category, '_', ' ') end,
    'arena_text', 'LMArena', 'arena_rating', 'elo', null, null, true, 'independent', 'live',
    case when category = 'overall' then null else category end,
    'Bradley-Terry rating from blind pairwise human votes; relative, drifts between snapshots',
    'https://lmarena.ai/leaderboard/text'
from staging.lmarena_leaderboard_dataset_ratings;

insert into std.scores by name
select 'lmarena_leaderboard_dataset' as source, model_name as source_model_name,
       model_name as model_key,
       case when category = 'overall' then 'lmarena:text' else 'lmarena:text/' || category end
           as benchmark_id,
       coalesce(leaderboard_publish_date, snapshot_date) as snapshot_date,
       rating as score, sqrt(variance) as stderr, rating_lower as ci_lower, rating_upper as ci_upper,
       vote_count as votes, style_control, false as is_self_reported, '' as setting,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_leaderboard_dataset_ratings
where rating is not null;

-- one claim per model per publish date: the plain file's row where there is one (both subsets
-- carry the same organization and licence), the overall category first
insert into std.model_claims by name
select 'lmarena_leaderboard_dataset' as source, model_name as source_model_name,
       model_name as model_key, coalesce(leaderboard_publish_date, snapshot_date) as snapshot_date,
       organization, license, lmarena_access(license) as access,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_leaderboard_dataset_ratings
qualify row_number() over (
    partition by model_name, coalesce(leaderboard_publish_date, snapshot_date)
    order by style_control, category <> 'overall', category, row_number, fetch_id
) = 1;
