-- core.model_release_dates_by_rule: one date per model under each release-date rule, so the
-- analysis can switch rules (join on rule = '...'). core.models.release_date uses the default.
--   earliest_public (default): earliest public availability to users, weights or API; failing
--       that the checkpoint date in the id, then the announcement, then the first leaderboard
--       appearance (an upper bound). release_date_kind says which applied.
--   announce:          earliest announcement/publication; else earliest_public.
--   weights:           earliest weights upload; else earliest_public (for the open side).
--   first_leaderboard: first snapshot with a score.
--   earliest_any:      earliest candidate of any kind.
create or replace table core.model_release_dates_by_rule as
with d as (
    select *, case kind when 'api' then 1 when 'weights' then 1 when 'checkpoint' then 2
                        when 'announce' then 3 when 'first_leaderboard' then 4 end as tier
    from core.model_release_dates
),
earliest_public as (
    select model_id, 'earliest_public' as rule,
           first(date order by tier, date, kind, source) as date,
           first(kind order by tier, date, kind, source) as kind,
           first(source order by tier, date, kind, source) as source
    from d group by model_id
),
by_kind as (
    select model_id, kind, min(date) as date, arg_min(source, date) as source
    from d group by model_id, kind
)
select * from earliest_public
union all
select e.model_id, 'announce', coalesce(k.date, e.date), coalesce(k.kind, e.kind), coalesce(k.source, e.source)
from earliest_public e left join by_kind k on k.model_id = e.model_id and k.kind = 'announce'
union all
select e.model_id, 'weights', coalesce(k.date, e.date), coalesce(k.kind, e.kind), coalesce(k.source, e.source)
from earliest_public e left join by_kind k on k.model_id = e.model_id and k.kind = 'weights'
union all
select model_id, 'first_leaderboard', date, kind, source from by_kind where kind = 'first_leaderboard'
union all
select model_id, 'earliest_any', min(date), arg_min(kind, date), arg_min(source, date) from d group by model_id
order by model_id, rule;
