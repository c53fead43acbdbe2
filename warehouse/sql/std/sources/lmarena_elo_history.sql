-- lmarena_elo_history → std: the overall rating of every listed model at every Elo-results date,
-- dated by that date (not by the archive's commit). A 0.0 cell (not listed) is never a score.
--
-- The archive copies the pickles' online Elo up to 2024-06-26 and the Bradley-Terry rating from
-- 2024-06-29 (every model jumps between the two dates: gpt-4-0314 1033.8 -> 1185.6). LMArena
-- displayed online Elo until 2023-12-06 and Bradley-Terry from 2023-12-07, so only the rows up to
-- 2023-12-06 and from 2024-06-29 are the published 'lmarena:text' rating; the rows in between are
-- an online Elo the leaderboard did not show, kept apart as 'lmarena:text_online_elo' (its own
-- regime in warehouse/overrides/regimes.csv; a category, so it never stands for the overall board).
insert into std.benchmarks values
    ('lmarena:text', 'lmarena_elo_history', 'LMArena text arena (overall)', 'arena_text', 'LMArena',
     'arena_rating', 'elo', null, null, true, 'independent', 'live', null,
     'Bradley-Terry/Elo rating from blind pairwise human votes; relative, drifts between snapshots',
     'https://lmarena.ai/leaderboard/text'),
    ('lmarena:text_online_elo', 'lmarena_elo_history',
     'LMArena text arena: online Elo (not the displayed rating, Dec 2023 - Jun 2024)', 'arena_text',
     'LMArena', 'arena_rating', 'elo', null, null, true, 'independent', 'live', 'online_elo',
     'Online Elo from the elo_results files while the leaderboard displayed Bradley-Terry ratings; '
     'not comparable with either', 'https://github.com/nakasyou/lmarena-history');

insert into std.scores by name
select 'lmarena_elo_history' as source, model_key as source_model_name, model_key,
       case when rating_date >= date '2023-12-07' and rating_date < date '2024-06-29'
            then 'lmarena:text_online_elo' else 'lmarena:text' end as benchmark_id,
       rating_date as snapshot_date, rating as score,
       false as style_control, false as is_self_reported, '' as setting,
       source_url, fetched_at, sha256, fetch_id
from staging.lmarena_elo_history_ratings
where is_listed and rating is not null;
