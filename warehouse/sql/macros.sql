-- Macros shared by the std adapters. Loaded first, into the temp schema of each build.
create or replace macro lmarena_access(license) as
    case when license is null then null
         when lower(trim(license)) = 'proprietary' then 'api'
         else 'open' end;

create or replace macro hf_repo_from_url(url) as
    nullif(regexp_extract(url, '^https?://(?:www\.)?huggingface\.co/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)', 1), '');
