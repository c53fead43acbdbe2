-- core.model_release_dates: every candidate date per model, with its source, its evidence, and why it
-- was or was not chosen as the model's release date (choice, is_chosen).
-- kind: api (public API, app or hosted service), weights (public weights), announce (announcement or
-- Epoch's publication date), checkpoint (the date in a dated checkpoint's id, e.g. gpt-4o-2024-05-13),
-- first_leaderboard (first snapshot with a score: imputed, an upper bound at best).
-- A source's plain "release date" counts as weights when the model's chosen access is open, as
-- announce when it is unreleased (never available to users), else api. A curated release_date beside
-- a curated weights_date is the hosted or API availability that came first (Phi-4 on Azure).
-- A leaderboard file's date is never a release date: LiveBench dates its tables by question set and
-- adds models to them for months, so its snapshots are not even an upper bound and give no candidate.
--
-- The default date (is_chosen), per model:
--   1. a curated date (data/registry/models.csv) always wins, even when later than the others;
--   2. else the sourced candidates that pass the outlier guard, by kind (open side: weights, then
--      api, checkpoint, announce; every other model: api, checkpoint, announce, weights), then by
--      date precedence: hf_cards > epoch_benchmarking_hub > artificial_analysis > weirdml
--      > aider_leaderboards > epoch_ai_models > llm_stats > epoch_open_model_trends > any other
--      source > model_id (the order follows how often each source sat more than 30 days from the
--      agreement of two or more others on the all-captures warehouse: llm_stats 17%, Epoch's model
--      database 8%, the benchmarking hub and Artificial Analysis 4%);
--   3. else the first leaderboard appearance, flagged is_imputed.
-- Outlier guard (never applied to curated dates): a candidate is rejected when it is earlier than the
-- date written in the model's own id, more than 30 days after the model's first scored appearance
-- (a leaderboard scored it before then), or when at least two other sources date the model and a strict
-- majority of them lie within 30 days of their median while the candidate lies more than 30 days
-- from it (one source's wrong date never beats the agreement of the others). Should every sourced
-- candidate be refused by the last two tests, the best of them is still chosen, and says so.
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
curated_weights as (
    select distinct model_id from registry_models
    where try_cast(nullif(weights_date, '') as date) is not null
),
id_dates as (
    select model_id,
           regexp_extract(model_id, '(20[12][0-9])-?([01][0-9])-?([0-3][0-9])(?:-|$)', ['y', 'm', 'd']) as p
    from (select distinct model_id from core.model_aliases where model_id is not null)
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
    select m.model_id,
           case when w.model_id is not null then 'api'
                else case x.access when 'open' then 'weights' when 'unreleased' then 'announce' else 'api' end
           end,
           try_cast(m.release_date as date), 'curated', 'data/registry/models.csv: ' || m.reason
    from registry_models m
    left join access x using (model_id)
    left join curated_weights w using (model_id)
    where nullif(m.release_date, '') is not null
    union all
    select model_id, 'weights', try_cast(weights_date as date), 'curated', 'data/registry/models.csv: ' || reason
    from registry_models where nullif(weights_date, '') is not null
    union all
    select model_id, 'checkpoint', try_cast(p.y || '-' || p.m || '-' || p.d as date),
           'model_id', 'date in the checkpoint id ' || model_id
    from id_dates where p.y <> ''
    union all
    -- two sources scoring the model first on the same day: the first source by name (a stated
    -- order; arg_min(source, date) would pick either)
    select model_id, 'first_leaderboard', min(snapshot_date), min_by(source, (snapshot_date, source)),
           'first snapshot with a score (imputed; an upper bound)'
    from core.scores
    where snapshot_date is not null and source <> 'livebench'
    group by model_id
    union all
    -- a month-day checkpoint id (gemini-1-5-pro-api-0409-preview, grok-3-preview-02-24): the vendor's
    -- date, in the year that puts it last on or before the model's first Arena listing (the Arena
    -- lists a checkpoint within weeks of its date, never before it). Only for models with no full
    -- date in the id; never a floor for the other candidates.
    select model_id, 'checkpoint',
           case when md <= first_arena then md else try(make_date(year(first_arena) - 1, mm, dd)) end,
           'model_id',
           'month-day ' || lpad(mm::varchar, 2, '0') || '-' || lpad(dd::varchar, 2, '0')
           || ' in the checkpoint id ' || model_id || ', year of its first Arena listing (' || first_arena || ')'
    from (
        select *, try(make_date(year(first_arena), mm, dd)) as md
        from (
            select model_id, first_arena, try_cast(q.mm as integer) as mm, try_cast(q.dd as integer) as dd
            from (
                select model_id, min(snapshot_date) as first_arena,
                       regexp_extract(model_id, '-(0[1-9]|1[0-2])-?([0-2][0-9]|3[01])(?:-|$)', ['mm', 'dd']) as q
                from core.scores
                where source like 'lmarena%' or source like 'lmsys%'
                group by model_id
            )
            where q.mm <> '' and model_id not in (select model_id from id_dates where p.y <> '')
        )
    )
),
rows as (
    select c.model_id, c.kind, c.date, c.source, min(c.evidence) as evidence,
           any_value(coalesce(x.access, 'unknown')) as access
    from candidates c left join access x using (model_id)
    where c.date is not null
    group by c.model_id, c.kind, c.date, c.source
),
ranked as (
    select *,
           case source when 'curated' then 0 when 'hf_cards' then 1 when 'epoch_benchmarking_hub' then 2
                       when 'artificial_analysis' then 3 when 'weirdml' then 4
                       when 'aider_leaderboards' then 5 when 'epoch_ai_models' then 6
                       when 'llm_stats' then 7 when 'epoch_open_model_trends' then 8
                       when 'model_id' then 10 else 9 end
               + case when kind = 'first_leaderboard' then 100 else 0 end as precedence,
           kind = 'first_leaderboard' as is_imputed,
           case when access = 'open' then
                    case kind when 'weights' then 1 when 'api' then 2 when 'checkpoint' then 3
                              when 'announce' then 4 else 9 end
                else case kind when 'api' then 1 when 'checkpoint' then 2 when 'announce' then 3
                               when 'weights' then 4 else 9 end
           end as kind_rank
    from rows
),
-- one vote per source: its earliest sourced date for the model
votes as (
    select model_id, source, min(date) as date
    from ranked where not is_imputed group by all
),
floors as (  -- the full date written in the id (never the month-day rule's inferred year)
    select model_id, try_cast(p.y || '-' || p.m || '-' || p.d as date) as id_date
    from id_dates where p.y <> ''
),
agreement as (
    select r.model_id, r.kind, r.date, r.source,
           count(v.source) as n_others,
           date '2000-01-01' + round(median(date_diff('day', date '2000-01-01', v.date)))::integer
               as others_median
    from ranked r
    join votes v on v.model_id = r.model_id and v.source <> r.source
    where not r.is_imputed
    group by all
),
seen as (  -- the first scored appearance (LiveBench's table dates are not in it)
    select model_id, min(date) as first_seen, min_by(source, (date, source)) as first_seen_source
    from ranked where is_imputed group by all
),
guarded as (
    select r.*, f.id_date, a.n_others, a.others_median, n.first_seen, n.first_seen_source,
           (select count(*) from votes v
             where v.model_id = r.model_id and v.source <> r.source
               and abs(date_diff('day', a.others_median, v.date)) <= 30) as n_agreeing
    from ranked r
    left join floors f using (model_id)
    left join seen n using (model_id)
    left join agreement a using (model_id, kind, date, source)
),
judged as (
    select *,
           case when source = 'curated' or is_imputed then null
                when kind <> 'checkpoint' and date < id_date
                    then 'rejected: earlier than the date in the model''s id (' || id_date || ')'
                when kind <> 'checkpoint' and date > first_seen + interval 30 day
                    then 'rejected: ' || date_diff('day', first_seen, date) || ' days after its first scored '
                         || 'appearance (' || first_seen || ', ' || first_seen_source || ')'
                when n_others >= 2 and n_agreeing * 2 > n_others
                     and abs(date_diff('day', others_median, date)) > 30
                    then 'rejected: ' || abs(date_diff('day', others_median, date)) || ' days from '
                         || n_agreeing || ' of ' || n_others || ' other sources agreeing on '
                         || others_median
           end as rejection,
           source <> 'curated' and not is_imputed and kind <> 'checkpoint'
               and coalesce(date < id_date, false) as below_id_date
    from guarded
),
ordered as (
    select *,
           row_number() over (
               partition by model_id
               order by source <> 'curated', below_id_date, is_imputed, rejection is not null,
                        kind_rank, precedence, date, kind, source
           ) as choice_rank
    from judged
),
chosen as (
    select model_id, kind as c_kind, source as c_source, precedence as c_precedence,
           kind_rank as c_kind_rank, rejection as c_rejection
    from ordered where choice_rank = 1
)
select o.model_id, o.kind, o.date, o.source, o.evidence,
       o.precedence,  -- rank of the source for release dates (curated 0; imputed dates 100 and above); the lowest wins within a kind
       o.is_imputed,  -- true for a first-leaderboard date: imputed, never a sourced release date
       o.rejection is not null as is_rejected,  -- true when the outlier guard refused the date (choice says why)
       o.choice_rank = 1 as is_chosen,  -- true for the date core.models.release_date uses (default rule)
       (case when o.choice_rank = 1 then
                case when o.source = 'curated' then 'chosen: curated date (always wins)'
                     when o.is_imputed then 'chosen: imputed, no sourced date exists'
                     when o.rejection is not null then 'chosen although ' || o.rejection
                          || ': every sourced date was refused'
                     else 'chosen: ' || o.kind || ' date of the highest-precedence source'
                          || case when o.access = 'open' then ' (open side: weights date first)' else '' end
                end
            when o.rejection is not null then o.rejection
            when c.c_source = 'curated' then 'not chosen: a curated date wins'
            when o.is_imputed then 'not chosen: imputed, and a sourced date exists'
            when o.kind_rank > c.c_kind_rank then
                'not chosen: ' || case when c.c_kind in ('api', 'announce') then 'an ' else 'a ' end
                || c.c_kind || ' date comes first for '
                || case when o.access = 'open' then 'an open model' else 'this model' end
            when o.precedence > c.c_precedence then 'not chosen: ' || c.c_source || ' has higher precedence'
            else 'not chosen: a same-rank candidate is earlier'
       end) as choice  -- why this candidate was or was not chosen as the release date
from ordered o
left join chosen c using (model_id)
order by o.model_id, o.date, o.kind, o.source;
