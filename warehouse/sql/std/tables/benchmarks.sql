-- std.benchmarks: every benchmark a source publishes, one row per (benchmark_id, declaring source).
-- benchmark_id = '<publisher>:<slug>' (e.g. 'lmarena:text', 'epoch:gpqa_diamond'): a benchmark as one
-- publisher scores it, on that publisher's own scale. `task` names the underlying test
-- ('gpqa_diamond') so the same test scored by two publishers can be found, never silently mixed.
create table if not exists std.benchmarks (
    benchmark_id     varchar not null,
    source           varchar not null,  -- the opengap source that declared it
    name             varchar not null,  -- human name: 'LMArena text (overall)'
    task             varchar,           -- canonical test: 'arena_text', 'gpqa_diamond', 'mmlu'
    publisher        varchar,           -- who runs/publishes the evaluation: 'LMArena', 'Epoch AI'
    kind             varchar not null,  -- arena_rating | accuracy | index | score
    unit             varchar not null,  -- elo | fraction | percent | index | score
    scale_min        double,            -- null when unbounded (ratings)
    scale_max        double,
    higher_is_better boolean not null default true,
    evaluation       varchar not null,  -- independent | self_reported | mixed
    contamination    varchar,           -- public | private | live | null when unknown
    category         varchar,           -- sub-leaderboard: 'coding', 'math', … (null = overall)
    description      varchar,
    url              varchar
);
