-- epoch_ai_models → std: model claims (organization, country, dates, parameters, access) for
-- language models only; Epoch publishes no scores here. Blank accessibility stays null (unknown).
-- `Model accessibility` is the finer signal; where it is blank, `Open model weights?` = Yes (2026
-- exports on) still claims open. `No` alone claims nothing: API, hosted and unreleased all say No.
insert into std.model_claims by name
with claims as (
    select *,
           case when model_accessibility like 'Open weights%' then 'open'
                when model_accessibility = 'API access' then 'api'
                when model_accessibility like 'Hosted access%' then 'hosted'
                when model_accessibility = 'Unreleased' then 'unreleased'
                when model_accessibility is null and open_model_weights then 'open'
           end as access
    from staging.epoch_ai_models_models
    where model is not null
      and regexp_matches(domain, '(^|,)\s*Language\s*(,|$)')  -- 'Multimodal,Language,Vision'
)
select 'epoch_ai_models' as source, model as source_model_name, null as model_key, snapshot_date,
       model as display_name, organization, country, access,
       hf_repo_from_url(link) as hf_repo_id, link as url,
       -- Epoch's date is the publication (paper or announcement); an unreleased model has no release
       case when access is distinct from 'unreleased' then publication_date end as release_date,
       publication_date as announce_date,
       parameters / 1e9 as params_b, base_model,
       case when base_model is not null then true end as is_derivative,
       source_url, fetched_at, sha256, fetch_id
from claims;
