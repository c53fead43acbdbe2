-- lmarena_arena_catalog → std: per-category ratings with 95% bounds. Category 'full' = 'lmarena:text'.
insert into std.benchmarks
select distinct
    case when category = 'full' then 'lmarena:text' else 'lmarena:text/' || category end,
    'lmarena_arena_catalog',
    case when category = 'full' then 'LMArena text arena (overall)'
         else 'LMArena text arena: ' || replace(category, '_', ' ') end,
    'arena_text', 'LMArena', 'arena_rating', 'elo', null, null, true, 'independent', 'live',
    case when category = 'full' then null else category end,
    'Bradley-Terry rating from blind pairwise human votes; relative, drifts between snapshots',
    'https://lmarena.ai/leaderboard/text'
from staging.lmarena_arena_catalog_ratings;

insert into std.scores by name
select 'lmarena_arena_catalog' as source, model_key as source_model_name, model_key,
       case when category = 'full' then 'lmarena:text' else 'lmarena:text/' || category end as benchmark_id,
       snapshot_date, rating as score, rating_q025 as ci_lower, rating_q975 as ci_upper,
       style_control, false as is_self_reported, '' as setting,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_arena_catalog_ratings
where rating is not null;
