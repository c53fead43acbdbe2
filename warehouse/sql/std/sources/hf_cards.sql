-- hf_cards → std: one model claim per Hub repo found, per snapshot (the newest check that day).
-- access: 'open' when the repo is public, not disabled and holds weight files. Gated repos count
--   as open: their weights download after a licence click-through (staging keeps is_gated). A repo
--   without weight files (a placeholder, a card-only repo) makes no access claim (null).
-- weights_date: repo creation date, an upper bound on the public upload (repos are often created
--   private days before launch); null at the Hub's 2022-03-02 23:29:04 floor, which is not a date.
-- params_b: safetensors element count, unless packed low-bit tensors make it undercount; else the
--   GGUF metadata count. Total parameters (MoE active parameters are not published here).
-- is_derivative: true for a quantisation, merge or adapter, or a fine-tune of another namespace's
--   model (third-party fine-tunes, distills); false for a first-party fine-tune (an org's Instruct
--   of its own base); null when the card names no base model (the Hub says nothing).
insert into std.model_claims by name
with checks as (
    select *,
           row_number() over (partition by repo_id, snapshot_date order by fetched_at desc) as nth
    from staging.hf_cards_models
    where status = 'ok'
),
bases as (
    select c.fetch_id,
           bool_or(lower(b.base) <> lower(coalesce(c.hub_id, c.repo_id))
                   and lower(split_part(b.base, '/', 1))
                       <> lower(split_part(coalesce(c.hub_id, c.repo_id), '/', 1))) as other_owner
    from checks c, unnest(cast(c.base_models as varchar[])) as b(base)
    where c.nth = 1 and c.base_models is not null
    group by c.fetch_id
)
select 'hf_cards' as source, c.repo_id as source_model_name, c.repo_id as model_key,
       c.snapshot_date,
       case when c.license = 'other' and c.license_name is not null then c.license_name
            else c.license end as license,
       case when c.private or c.disabled then null
            when c.weight_files > 0 then 'open' end as access,
       coalesce(c.hub_id, c.repo_id) as hf_repo_id,
       'https://huggingface.co/' || coalesce(c.hub_id, c.repo_id) as url,
       case when c.created_at > timestamp '2022-03-02 23:29:04' then c.created_at::date end
           as weights_date,
       coalesce(case when c.safetensors_total > 0 and not coalesce(c.safetensors_packed, false)
                     then c.safetensors_total / 1e9 end,
                case when c.gguf_total > 0 then c.gguf_total / 1e9 end) as params_b,
       c.base_model,
       case when c.base_model_relation in ('quantized', 'merge', 'adapter') then true
            when b.other_owner is not null then b.other_owner
            when c.base_model_relation is not null then false
       end as is_derivative,
       c.source_url, c.fetched_at, c.sha256, c.fetch_id
from checks c
left join bases b using (fetch_id)
where c.nth = 1;
