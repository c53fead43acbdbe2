-- livebench → std: per release, each model's category averages and global average, computed as livebench.ai does.
-- LiveBench's site (src/Table/Averaging.js) takes a category average as the mean of that category's task
-- columns (from the same release's categories file) and the global average as the mean of the category
-- averages. The site averages over whichever tasks a model has; here a model missing any task of a category
-- gets no average for that category, and so no global average: a partial mean is not the published number.
insert into std.benchmarks by name
select 'livebench:' || category_slug as benchmark_id, 'livebench' as source,
       'LiveBench ' || any_value(category order by snapshot_date desc) || ' average' as name,
       'livebench_' || category_slug as task, 'LiveBench' as publisher, 'accuracy' as kind,
       'percent' as unit, 0.0 as scale_min, 100.0 as scale_max, true as higher_is_better,
       'independent' as evaluation, 'live' as contamination, category_slug as category,
       'Mean of the category''s task scores in one LiveBench release; tasks change between releases, '
       || 'so compare within a release' as description,
       'https://livebench.ai' as url
from staging.livebench_categories
group by category_slug
union all
select 'livebench:global_average', 'livebench', 'LiveBench global average', 'livebench_global',
       'LiveBench', 'accuracy', 'percent', 0.0, 100.0, true, 'independent', 'live', null,
       'Mean of the category averages in one LiveBench release; categories and tasks change between '
       || 'releases, so compare within a release',
       'https://livebench.ai';

create or replace temp table livebench_category_scores as
with table_files as (
    select distinct fetch_id, snapshot_date, fetched_at from staging.livebench_models
),
category_files as (
    select distinct fetch_id, snapshot_date, fetched_at from staging.livebench_categories
),
-- each table file is read with one categories file of its release: the latest fetched no later than
-- the table (tables are updated in place between releases), else the earliest one
pairing as (
    select t.fetch_id as table_fetch_id,
           coalesce(arg_max(c.fetch_id, c.fetched_at) filter (where c.fetched_at <= t.fetched_at),
                    arg_min(c.fetch_id, c.fetched_at)) as categories_fetch_id
    from table_files t
    join category_files c using (snapshot_date)
    group by t.fetch_id
),
tasks as (
    select p.table_fetch_id, c.category_slug, c.task
    from pairing p
    join staging.livebench_categories c on c.fetch_id = p.categories_fetch_id
)
select m.fetch_id, m.model, t.category_slug,
       avg(s.score order by s.task) as score, count(s.score) as tasks_scored, count(*) as tasks_listed,
       any_value(m.snapshot_date) as snapshot_date, any_value(m.source_url) as source_url,
       any_value(m.fetched_at) as fetched_at, any_value(m.sha256) as sha256
from staging.livebench_models m
join tasks t on t.table_fetch_id = m.fetch_id
left join staging.livebench_scores s
  on s.fetch_id = m.fetch_id and s.model = m.model and s.task = t.task
group by m.fetch_id, m.model, t.category_slug;

insert into std.scores by name
select 'livebench' as source, trim(model) as source_model_name, trim(model) as model_key,
       'livebench:' || category_slug as benchmark_id, snapshot_date, score,
       '' as setting, false as is_self_reported, source_url, fetched_at, sha256, fetch_id
from livebench_category_scores
where tasks_scored = tasks_listed;

insert into std.scores by name
select 'livebench' as source, trim(model) as source_model_name, trim(model) as model_key,
       'livebench:global_average' as benchmark_id, any_value(snapshot_date) as snapshot_date,
       avg(score order by category_slug) as score, '' as setting, false as is_self_reported,
       any_value(source_url) as source_url, any_value(fetched_at) as fetched_at,
       any_value(sha256) as sha256, fetch_id
from livebench_category_scores
group by fetch_id, model
having bool_and(tasks_scored = tasks_listed);

drop table livebench_category_scores;
