-- core.model_facts: every claim any source makes about a model, one row per (model, fact, value,
-- source, name as published), with the newest snapshot and fetch that made it; is_chosen marks the
-- value core.models uses.
--
-- Precedence (first wins; within a source the newest snapshot, then the smallest value):
--   curated (data/registry/models.csv) > hf_cards > epoch_ai_models > epoch_benchmarking_hub
--   > llm_stats > LMArena licence column (lmarena_hf_space, lmarena_leaderboard_csv,
--   lmsys_blog_leaderboard_html) > open_llm_leaderboard > livebench > aider_leaderboards
--   > artificial_analysis (and any source not listed) > epoch_open_model_trends (labels of 2024)
--   > swe_bench. SWE-bench's open-weights flag is set by hand and wrong in both directions: its access
--   claim is kept and shown (model_fact_conflicts) but never chosen, even where it is the only one.
-- Access: an 'open' claim ranks just below curated when the model has a first-party Hub repo (its
-- owner in data/registry/hf_orgs.csv) or a sourced open licence, so these outrank a database's
-- 'API access' label (Epoch lists Phi-4-mini as API access; its MIT weights are microsoft/Phi-4-mini-instruct).
-- display_name alone prefers LMArena's spelling (the Arena report names models as the Arena does).
-- license_spdx and commercial_use are derived from each licence claim through
-- data/registry/licenses.csv, so they carry the claim's source.
create or replace table core.model_facts as
with claims as (
    select a.model_id, c.*
    from std.model_claims c
    join core.model_aliases a
      on a.source = c.source and a.source_model_name = c.source_model_name
     and a.model_key is not distinct from c.model_key
    where a.model_id is not null
),
lic as (
    select lower(trim(license)) as license_key, nullif(spdx, '') as spdx,
           nullif(commercial_use, '') as commercial_use
    from registry_licenses
),
long as (
    -- every claimed fact of a claim, one row each (unpivot leaves the nulls out, as dedup would)
    select model_id, source, source_model_name, snapshot_date, fetch_id, fact, value
    from (
        select c.model_id, c.source, c.source_model_name, c.snapshot_date, c.fetch_id,
               c.display_name, c.organization, c.access, trim(c.license) as license,
               l.spdx as license_spdx, l.commercial_use, c.hf_repo_id,
               round(c.params_b, 3)::varchar as params_b, c.base_model,
               c.is_derivative::varchar as is_derivative, c.release_date::varchar as release_date,
               c.announce_date::varchar as announce_date, c.weights_date::varchar as weights_date
        from claims c
        left join lic l on l.license_key = lower(trim(c.license))
    ) unpivot (value for fact in (display_name, organization, access, license, license_spdx,
                                  commercial_use, hf_repo_id, params_b, base_model, is_derivative,
                                  release_date, announce_date, weights_date))
    union all
    -- curated facts: data/registry/models.csv
    select model_id, 'curated', model_id, null::date, null, fact, value
    from (
        select model_id, nullif(access, '') as access, nullif(license, '') as license,
               nullif(release_date, '') as release_date, nullif(weights_date, '') as weights_date,
               nullif(is_derivative, '') as is_derivative, nullif(base_model_id, '') as base_model_id,
               nullif(family, '') as family
        from registry_models
    ) unpivot (value for fact in (access, license, release_date, weights_date, is_derivative,
                                  base_model_id, family))
    union all
    select m.model_id, 'curated', m.model_id, null::date, null, f.fact, f.value
    from registry_models m
    join lic l on l.license_key = lower(trim(m.license)),
         lateral (values ('license_spdx', l.spdx), ('commercial_use', l.commercial_use)) f(fact, value)
),
dedup as (
    select model_id, fact, value, source, source_model_name,
           max(snapshot_date) as snapshot_date, arg_max(fetch_id, (snapshot_date, fetch_id)) as fetch_id
    from long
    where value is not null and trim(value) <> ''
    group by all
),
-- models whose weights a source places on the Hub under the developer's own namespace
-- (data/registry/hf_orgs.csv), or for which a source names an open licence (one
-- data/registry/licenses.csv classes as yes, restricted or no: weights under some terms)
open_evidence as (
    select distinct model_id
    from dedup
    where (fact = 'hf_repo_id'
           and lower(split_part(trim(value), '/', 1)) in (select lower(trim(hf_owner)) from registry_hf_orgs))
       or (fact = 'commercial_use' and value in ('yes', 'restricted', 'no'))
),
ranked as materialized (
    select * exclude (base_precedence),
           -- a first-party Hub repo or a sourced open licence outranks a database's 'api' label:
           -- an 'open' access claim then ranks with hf_cards, below curated only (Phi-4-mini)
           case when fact = 'access' and value = 'open' and source <> 'curated' and base_precedence > 1
                     and model_id in (select model_id from open_evidence)
                then 1 else base_precedence end as precedence
    from (
    select *,
           case when fact = 'display_name' then
                    case source when 'curated' then 0 when 'lmarena_leaderboard_csv' then 1
                                when 'lmarena_hf_space' then 2 when 'lmsys_blog_leaderboard_html' then 3
                                when 'epoch_benchmarking_hub' then 4 when 'epoch_ai_models' then 5
                                when 'llm_stats' then 6 else 9 end
                else
                    case source when 'curated' then 0 when 'hf_cards' then 1 when 'epoch_ai_models' then 2
                                when 'epoch_benchmarking_hub' then 3 when 'llm_stats' then 4
                                when 'lmarena_hf_space' then 5 when 'lmarena_leaderboard_csv' then 5
                                when 'lmsys_blog_leaderboard_html' then 6 when 'open_llm_leaderboard' then 7
                                when 'livebench' then 8 when 'aider_leaderboards' then 9
                                when 'epoch_open_model_trends' then 11 when 'swe_bench' then 12
                                else 10 end
           end as base_precedence
    from dedup
    )
),
-- a (model, fact) claimed once is chosen: only the others need ranking (a window over every row is
-- the cost)
contested as (
    select model_id, fact from ranked group by all having count(*) > 1
),
flagged as not materialized (
    select r.*, c.fact is not null as is_contested
    from ranked r
    left join contested c on c.model_id is not distinct from r.model_id and c.fact = r.fact
)
select model_id, fact, value, source, source_model_name, snapshot_date, fetch_id, precedence, is_chosen
from (
    select * exclude (is_contested), not (source = 'swe_bench' and fact = 'access') as is_chosen
    from flagged where not is_contested
    union all
    select * exclude (is_contested),
           row_number() over (
               partition by model_id, fact
               -- ties broken by value, then by where the claim came from: rebuilds choose the same row
               order by precedence, snapshot_date desc nulls last, value, source, source_model_name, fetch_id
           ) = 1 and not (source = 'swe_bench' and fact = 'access') as is_chosen
    from flagged
    where is_contested
)
order by model_id, fact, precedence, snapshot_date desc nulls last;
