-- core.model_release_dates: every candidate date per model, with its source and evidence.
-- kind: api (public API or app availability), weights (public weights), announce (announcement or
-- Epoch's publication date), checkpoint (the date in a dated checkpoint's id, e.g. gpt-4o-2024-05-13),
-- first_leaderboard (first snapshot with a score: an upper bound on the release).
-- A source's plain "release date" counts as weights when the model's chosen access is open, as
-- announce when it is unreleased (never available to users), else api.
create or replace table core.model_release_dates as
with claims as (
    select a.model_id, c.*
    from std.model_claims c
    join core.model_aliases a
      on a.source = c.source and a.source_model_name = c.source_model_name
     and a.model_key is not distinct from c.model_key
    where a.model_id is not null
),
access as (
    select model_id, value as access from core.model_facts where fact = 'access' and is_chosen
),
candidates as (
    select c.model_id,
           case when x.access = 'open' then 'weights' when x.access = 'unreleased' then 'announce'
                else 'api' end as kind,
           c.release_date as date, c.source,
           c.source || ' release date for ' || c.source_model_name as evidence
    from claims c left join access x using (model_id)
    where c.release_date is not null and c.source <> 'epoch_ai_models'
    union all
    select model_id, 'announce', announce_date, source,
           source || case when source like 'epoch%' then ' publication date for ' else ' announcement date for ' end
           || source_model_name
    from claims where announce_date is not null
    union all
    select model_id, 'weights', weights_date, source, source || ' weights upload (Hub repo created) for ' || source_model_name
    from claims where weights_date is not null
    union all
    select model_id, case access when 'open' then 'weights' when 'unreleased' then 'announce' else 'api' end,
           try_cast(release_date as date), 'curated', 'data/registry/models.csv: ' || reason
    from registry_models where nullif(release_date, '') is not null
    union all
    select model_id, 'weights', try_cast(weights_date as date), 'curated', 'data/registry/models.csv: ' || reason
    from registry_models where nullif(weights_date, '') is not null
    union all
    select model_id, 'checkpoint',
           try_cast(regexp_extract(model_id, '(20[12][0-9])-?([01][0-9])-?([0-3][0-9])(?:-|$)', ['y', 'm', 'd']).y
                    || '-' || regexp_extract(model_id, '(20[12][0-9])-?([01][0-9])-?([0-3][0-9])(?:-|$)', ['y', 'm', 'd']).m
                    || '-' || regexp_extract(model_id, '(20[12][0-9])-?([01][0-9])-?([0-3][0-9])(?:-|$)', ['y', 'm', 'd']).d
                    as date),
           'model_id', 'date in the checkpoint id ' || model_id
    from (select distinct model_id from core.model_aliases where model_id is not null)
    union all
    select model_id, 'first_leaderboard', min(snapshot_date), arg_min(source, snapshot_date),
           'first snapshot with a score (upper bound)'
    from core.scores
    where snapshot_date is not null
    group by model_id
)
select model_id, kind, date, source, min(evidence) as evidence
from candidates
where date is not null
group by model_id, kind, date, source
order by model_id, date, kind, source;
