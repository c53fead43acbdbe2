-- core.models: one row per model_id. Until the model registry lands, facts come from the newest
-- claim that has them (LMArena's licence column decides open vs proprietary).
create or replace table core.models as
with claims as (
    select a.model_id, c.* exclude (model_key)
    from std.model_claims c
    join core.model_aliases a
      on a.source = c.source and a.source_model_name = c.source_model_name
     and a.model_key is not distinct from c.model_key
),
ranked as (
    select model_id,
           arg_max(display_name, snapshot_date) filter (where display_name is not null) as display_name,
           arg_max(organization, snapshot_date) filter (where organization is not null) as organization,
           arg_max(license, snapshot_date) filter (where license is not null) as license,
           arg_max(access, snapshot_date) filter (where access is not null) as access,
           arg_max(hf_repo_id, snapshot_date) filter (where hf_repo_id is not null) as hf_repo_id,
           min(release_date) as release_date,
           count(distinct access) filter (where access is not null) as n_access_values
    from claims
    group by model_id
),
seen as (
    select model_id, min(snapshot_date) as first_seen_date, max(snapshot_date) as last_seen_date,
           string_agg(distinct source, ',' order by source) as sources
    from core.scores
    group by model_id
)
select coalesce(r.model_id, s.model_id) as model_id,
       coalesce(r.display_name, coalesce(r.model_id, s.model_id)) as display_name,
       r.organization, r.license, r.access,
       case r.access when 'open' then true when 'api' then false when 'hosted' then false end
           as is_open_weights,
       r.hf_repo_id,
       r.release_date,              -- unknown until release-date sources land
       s.first_seen_date, s.last_seen_date, s.sources,
       coalesce(r.n_access_values, 0) > 1 as has_access_conflict
from ranked r
full outer join seen s using (model_id)
order by model_id;
