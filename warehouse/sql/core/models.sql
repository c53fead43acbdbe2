-- core.models: one row per model_id, facts chosen from core.model_facts by the precedence stated
-- there (curated > hf_cards > epoch > llm_stats > LMArena licence column > open_llm_leaderboard > …)
-- and the release date from core.model_release_dates_by_rule under the default rule
-- 'earliest_public' (the date core.model_release_dates marks is_chosen: curated, else by kind and
-- precedence after the outlier guard, the open side's weights date first; see those files).
-- is_open_weights is a property of the weights: true when access is 'open', false for 'api' or
-- 'hosted', null when unknown or 'unreleased' (announced-but-unreleased models are on neither side).
-- is_derivative: a third party's fine-tune, merge, distillation or quantisation of someone else's
-- open model (a lab's own release on its own base, DeepSeek-R1 on DeepSeek-V3, is not one);
-- base_model_id names the base where a claim gives one that resolves to a model here.
create or replace table core.models as
with chosen as (
    select model_id,
           any_value(value) filter (where fact = 'display_name') as display_name,
           any_value(value) filter (where fact = 'organization') as organization,
           any_value(value) filter (where fact = 'license') as license,
           any_value(source) filter (where fact = 'license') as license_source,
           any_value(value) filter (where fact = 'license_spdx') as license_spdx,
           any_value(value) filter (where fact = 'commercial_use') as commercial_use,
           any_value(value) filter (where fact = 'access') as access,
           any_value(source) filter (where fact = 'access') as access_source,
           any_value(value) filter (where fact = 'hf_repo_id') as hf_repo_id,
           try_cast(any_value(value) filter (where fact = 'params_b') as double) as params_b,
           any_value(value) filter (where fact = 'base_model') as base_model,
           any_value(value) filter (where fact = 'base_model_id') as curated_base_model_id,
           try_cast(any_value(value) filter (where fact = 'is_derivative') as boolean) as is_derivative,
           any_value(value) filter (where fact = 'family') as family
    from core.model_facts
    where is_chosen
    group by model_id
),
n_access as (
    select model_id, count(distinct value) as n_access_values
    from core.model_facts where fact = 'access' group by model_id
),
weights as (
    select model_id, date as weights_date from core.model_release_dates_by_rule
    where rule = 'weights' and kind = 'weights'
),
released as (
    select model_id, date as release_date, kind as release_date_kind, source as release_date_source,
           is_imputed as release_date_is_imputed
    from core.model_release_dates_by_rule where rule = 'earliest_public'
),
seen as (
    select model_id, min(snapshot_date) as first_seen_date, max(snapshot_date) as last_seen_date,
           string_agg(distinct source, ',' order by source) as sources
    from core.scores
    group by model_id
),
ids as (
    select distinct model_id from core.model_aliases where model_id is not null
    union select model_id from core.scores
),
-- a base model named by a claim (Hub repo id) resolves through the Hub-repo aliases
base_ids as (
    select c.model_id, min(a.model_id) as base_model_id
    from chosen c
    join core.model_aliases a
      on a.source in ('hf_cards', 'open_llm_leaderboard') and lower(a.model_key) = lower(c.base_model)
    where a.model_id is not null and a.model_id <> c.model_id
    group by c.model_id
),
-- First-party releases are never derivatives: a derivative claim stands only when the base model's
-- developer is not the model's own. Developer tokens (the leading word, lower case) of a model: its
-- chosen organisation, its Hub repos' owners and their organisation (data/registry/hf_orgs.csv), and
-- the Hub namespaces of its organisation (Alibaba: qwen). A base's: the leading word of its name
-- without any Hub owner (DeepSeek-V3, Qwen2.5-Coder; a repo's owner may be a mirror, as
-- NousResearch/Llama-2-7b-hf), and the organisation of the model it resolves to.
org_words as (
    select model_id, coalesce(nullif(regexp_extract(lower(trim(w)), '^[a-z]+'), ''),
                              regexp_extract(lower(trim(w)), '^[a-z0-9]+')) as word
    from (
        select model_id, value as w from core.model_facts where fact = 'organization' and is_chosen
        union all
        select model_id, split_part(value, '/', 1) from core.model_facts
        where fact = 'hf_repo_id' and contains(value, '/')
        union all
        select f.model_id, o.organization from core.model_facts f
        join registry_hf_orgs o on lower(trim(o.hf_owner)) = lower(split_part(f.value, '/', 1))
        where f.fact = 'hf_repo_id'
        union all
        select f.model_id, o.hf_owner from core.model_facts f
        join registry_hf_orgs o
          on regexp_extract(lower(trim(o.organization)), '^[a-z0-9]+')
           = regexp_extract(lower(trim(f.value)), '^[a-z0-9]+')
        where f.fact = 'organization' and f.is_chosen
    )
),
base_words as (
    select c.model_id, coalesce(nullif(regexp_extract(lower(trim(w)), '^[a-z]+'), ''),
                                regexp_extract(lower(trim(w)), '^[a-z0-9]+')) as word
    from (select model_id, regexp_replace(base_model, '^.*/', '') as w from chosen
          where base_model is not null) c
    union all
    select b.model_id, coalesce(nullif(regexp_extract(lower(trim(f.value)), '^[a-z]+'), ''),
                                regexp_extract(lower(trim(f.value)), '^[a-z0-9]+'))
    from (
        select c.model_id, coalesce(c.curated_base_model_id, bi.base_model_id, an.model_id) as base_id
        from chosen c
        left join base_ids bi using (model_id)
        left join (
            select lower(source_model_name) as name, min(model_id) as model_id from core.model_aliases
            where model_id is not null group by 1
        ) an on an.name = lower(trim(c.base_model))
    ) b
    join core.model_facts f on f.model_id = b.base_id and f.fact = 'organization' and f.is_chosen
),
first_party as (
    select distinct b.model_id
    from base_words b join org_words o on o.model_id = b.model_id and o.word = b.word
    where coalesce(b.word, '') <> ''
),
derivative_source as (
    select model_id, source as is_derivative_source from core.model_facts
    where fact = 'is_derivative' and is_chosen
),
aliases as (
    select model_id, count(*) as n_aliases from core.model_aliases where model_id is not null group by model_id
)
select i.model_id,
       coalesce(c.display_name, i.model_id) as display_name,
       c.organization, c.license, c.access,
       case c.access when 'open' then true when 'api' then false when 'hosted' then false end
           as is_open_weights,
       c.hf_repo_id,
       r.release_date,
       s.first_seen_date, s.last_seen_date, s.sources,
       coalesce(n.n_access_values, 0) > 1 as has_access_conflict,
       -- added by the model registry
       coalesce(c.access, 'unknown') as access_class,
       coalesce(c.family,
                regexp_replace(regexp_replace(i.model_id, '^[^/]+/', ''),
                               '-(\d+(\.\d+)?[bm]|\d+x\d+b|a\d+b|20\d{2}-?\d{2}-?\d{2}|\d{4}|instruct|chat|it|base|preview.*|exp.*|latest|v\d.*|hf)(-.*)?$',
                               '')) as family,
       case when c.is_derivative and ds.is_derivative_source <> 'curated' and fp.model_id is not null
            then false else c.is_derivative end as is_derivative,
       coalesce(c.curated_base_model_id, b.base_model_id) as base_model_id,
       c.base_model,
       c.license_spdx, c.commercial_use, c.license_source, c.access_source,
       w.weights_date, c.params_b,
       coalesce(r.release_date_kind, 'unknown') as release_date_kind,
       r.release_date_source,
       coalesce(r.release_date_is_imputed, false) as release_date_is_imputed,  -- true when release_date is a first-leaderboard imputation (no sourced date exists)
       coalesce(a.n_aliases, 0) as n_aliases
from ids i
left join chosen c using (model_id)
left join n_access n using (model_id)
left join weights w using (model_id)
left join released r using (model_id)
left join seen s using (model_id)
left join base_ids b using (model_id)
left join aliases a using (model_id)
left join first_party fp using (model_id)
left join derivative_source ds using (model_id)
order by model_id;
