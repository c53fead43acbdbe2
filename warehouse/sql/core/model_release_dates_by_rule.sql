-- core.model_release_dates_by_rule: one date per model under each release-date rule, so the
-- analysis can switch rules (join on rule = '...'). core.models.release_date uses the default.
--   earliest_public (default): the date core.model_release_dates marks is_chosen: a curated date,
--       else the first public availability by kind and source precedence after the outlier guard
--       (the open side's is its weights date), else the first leaderboard appearance (imputed).
--   announce:          the announcement/publication date by precedence (guarded); else the default.
--   weights:           the weights date by precedence (guarded); else the default.
--   first_leaderboard: first snapshot with a score (imputed; LiveBench's table dates excluded).
--   earliest_any:      earliest candidate of any kind, outliers included (a sensitivity bound).
-- is_imputed flags a first-leaderboard date: it never stands for a model that has a sourced date
-- under the default rule, and an analysis can drop such dates from frontier steps.
create or replace table core.model_release_dates_by_rule as
with d as (
    -- a snapshot published before the outlier guard lacks the choice columns: they read as null and
    -- the default falls back to the earlier rule (kind tier, then the earliest date)
    select *,
           coalesce(is_imputed, kind = 'first_leaderboard') as imputed,
           coalesce(is_rejected, false) as rejected,
           case kind when 'api' then 1 when 'weights' then 1 when 'checkpoint' then 2
                     when 'announce' then 3 when 'first_leaderboard' then 4 end as tier
    from (
        select null::varchar as model_id, null::varchar as kind, null::date as date,
               null::varchar as source, null::integer as precedence, null::boolean as is_imputed,
               null::boolean as is_rejected, null::boolean as is_chosen
        where false
        union all by name
        select * from core.model_release_dates
    )
),
earliest_public as (
    select model_id, 'earliest_public' as rule,
           first(date order by is_chosen desc nulls last, tier, date, kind, source) as date,
           first(kind order by is_chosen desc nulls last, tier, date, kind, source) as kind,
           first(source order by is_chosen desc nulls last, tier, date, kind, source) as source
    from d group by model_id
),
by_kind as (
    select model_id, kind,
           first(date order by precedence nulls last, date, source) as date,
           first(source order by precedence nulls last, date, source) as source
    from d where not rejected and not imputed
    group by model_id, kind
)
select *, kind = 'first_leaderboard' as is_imputed  -- true when the date is a first-leaderboard imputation
from (
    select * from earliest_public
    union all
    select e.model_id, 'announce', coalesce(k.date, e.date), coalesce(k.kind, e.kind), coalesce(k.source, e.source)
    from earliest_public e left join by_kind k on k.model_id = e.model_id and k.kind = 'announce'
    union all
    select e.model_id, 'weights', coalesce(k.date, e.date), coalesce(k.kind, e.kind), coalesce(k.source, e.source)
    from earliest_public e left join by_kind k on k.model_id = e.model_id and k.kind = 'weights'
    union all
    -- ties on the date: the first source by name; earliest_any takes kind and source from one
    -- candidate, the first by (date, kind, source), never from two different rows
    select model_id, 'first_leaderboard', min(date), 'first_leaderboard', min_by(source, (date, source))
    from d where kind = 'first_leaderboard' group by model_id
    union all
    select model_id, 'earliest_any', min(date), min_by(kind, (date, kind, source)),
           min_by(source, (date, kind, source))
    from d group by model_id
)
order by model_id, rule;
